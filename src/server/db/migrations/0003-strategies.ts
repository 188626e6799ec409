import { sql, type Kysely } from 'kysely';

// Strategies: the same support everywhere. Frozen once landed: never edit, add a new migration.
//
// Storage: one `strategy` table holds both libraries. Rows with clinic_id NULL are CareTeam's
// starter library, inserted here, read by every clinic and never edited through the API (each has
// a stable starter_key so demo data and copies can name it). Rows with a clinic_id are that
// clinic's own strategies, written and edited by its clinicians; "copy to adapt" makes such a row
// from a starter one and remembers it in copied_from. Content is one jsonb per strategy keyed by
// language, {"en": {name, purpose, steps[], tips[]}, "es": {…}}, so a strategy can exist in one
// language before it is translated. The optional picture lives in the row (bytea, at most 2 MB,
// type checked by content) so it is only ever served through an access-checked route.
//
// `child_strategy` attaches a library strategy to one child: who uses it (settings), a personal
// note, and the child's goals it helps (`child_strategy_goal`).

type Text = { name: string; purpose: string; steps: string[]; tips: string[] };
type Starter = { key: string; settings: ('therapy' | 'home' | 'school')[]; en: Text; es: Text };

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE strategy (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid REFERENCES clinic(id),
      starter_key text UNIQUE,
      copied_from uuid REFERENCES strategy(id),
      settings text[] NOT NULL CHECK (cardinality(settings) BETWEEN 1 AND 3 AND settings <@ ARRAY['therapy', 'home', 'school']),
      content jsonb NOT NULL CHECK (content ?| ARRAY['en', 'es']),
      image bytea CHECK (octet_length(image) <= 2097152),
      image_type text CHECK (image_type IN ('image/png', 'image/jpeg', 'image/webp')),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((clinic_id IS NULL) = (starter_key IS NOT NULL)),
      CHECK ((image IS NULL) = (image_type IS NULL))
    );
    CREATE INDEX strategy_clinic ON strategy (clinic_id);

    CREATE TABLE child_strategy (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      strategy_id uuid NOT NULL REFERENCES strategy(id),
      settings text[] NOT NULL CHECK (cardinality(settings) BETWEEN 1 AND 3 AND settings <@ ARRAY['therapy', 'home', 'school']),
      note text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (child_id, strategy_id)
    );

    CREATE TABLE child_strategy_goal (
      child_strategy_id uuid NOT NULL REFERENCES child_strategy(id) ON DELETE CASCADE,
      goal_id uuid NOT NULL REFERENCES goal(id),
      PRIMARY KEY (child_strategy_id, goal_id)
    );
    CREATE INDEX child_strategy_goal_goal ON child_strategy_goal (goal_id);
  `.execute(db);

  for (const s of STARTERS) {
    await sql`INSERT INTO strategy (starter_key, settings, content)
      VALUES (${s.key}, ${s.settings}, ${JSON.stringify({ en: s.en, es: s.es })}::jsonb)`.execute(db);
  }
}

/** CareTeam's starter library, written for parents and teachers in plain words. */
const STARTERS: Starter[] = [
  {
    key: 'first-then', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'First–then',
      purpose: 'Shows your child what comes now and the good thing that comes right after.',
      steps: [
        'Pick one task your child needs to do (the "first") and something they enjoy (the "then").',
        'Say it in a few words: "First shoes, then park." Show a picture or point to the things if that helps.',
        'Wait calmly. If needed, say the same words again — no new words, no bargaining.',
        'As soon as the first task is done, give the "then" straight away and name it: "Shoes on! Now park."',
      ],
      tips: [
        'Keep the "first" short and doable at the start, so your child learns the promise is always kept.',
        'Use the same words every time; the sameness is what makes it work.',
      ],
    },
    es: {
      name: 'Primero–después',
      purpose: 'Le muestra a su hijo o hija qué toca ahora y la cosa buena que viene justo después.',
      steps: [
        'Elija una tarea que su hijo o hija tiene que hacer (el «primero») y algo que le guste (el «después»).',
        'Dígalo con pocas palabras: «Primero zapatos, después parque». Si ayuda, muestre un dibujo o señale las cosas.',
        'Espere con calma. Si hace falta, repita las mismas palabras, sin añadir otras y sin negociar.',
        'En cuanto termine la primera tarea, dele el «después» enseguida y nómbrelo: «¡Zapatos puestos! Ahora, parque».',
      ],
      tips: [
        'Al principio, que el «primero» sea corto y fácil, para que aprenda que la promesa siempre se cumple.',
        'Use siempre las mismas palabras: justamente eso es lo que hace que funcione.',
      ],
    },
  },
  {
    key: 'visual-schedule', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Visual schedule',
      purpose: 'Pictures of what happens next, so the day feels predictable and less worrying.',
      steps: [
        'Choose 3–5 parts of a routine (for example: breakfast, teeth, clothes, backpack).',
        'Find a picture or photo for each one and line them up from top to bottom or left to right.',
        'Before the routine starts, go through the pictures together: "First breakfast, then teeth…"',
        'When a step is done, let your child take the picture off or turn it over.',
        'Point back to the schedule when your child asks what is next, instead of answering in words only.',
      ],
      tips: [
        'Photos of your own things (his toothbrush, her backpack) are often easier than drawings.',
        'Keep the schedule where the routine happens, at your child’s eye level.',
      ],
    },
    es: {
      name: 'Horario con imágenes',
      purpose: 'Imágenes de lo que viene después, para que el día sea previsible y cause menos preocupación.',
      steps: [
        'Elija de 3 a 5 partes de una rutina (por ejemplo: desayuno, dientes, ropa, mochila).',
        'Busque un dibujo o una foto para cada una y colóquelas en orden, de arriba abajo o de izquierda a derecha.',
        'Antes de empezar la rutina, repasen juntos las imágenes: «Primero desayuno, después dientes…».',
        'Cuando termine un paso, deje que su hijo o hija quite la imagen o le dé la vuelta.',
        'Cuando pregunte qué sigue, señale el horario en vez de contestar solo con palabras.',
      ],
      tips: [
        'Las fotos de sus propias cosas (su cepillo, su mochila) suelen entenderse mejor que los dibujos.',
        'Ponga el horario donde ocurre la rutina, a la altura de los ojos de su hijo o hija.',
      ],
    },
  },
  {
    key: 'two-choices', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Offer two choices',
      purpose: 'Gives your child a say, which often means fewer battles.',
      steps: [
        'Decide on two options you are truly happy with (both must be fine for you).',
        'Hold them up or point to them: "Red cup or blue cup?"',
        'Give your child time to answer with words, a point, or a look.',
        'Give exactly what they chose, and say it back: "Blue cup. Good choosing."',
      ],
      tips: [
        'Two is enough; more choices can feel like too much.',
        'For a task that must happen, let the choice be about how: "Walk to the bath or hop like a frog?"',
      ],
    },
    es: {
      name: 'Ofrecer dos opciones',
      purpose: 'Le da voz a su hijo o hija, y eso suele significar menos peleas.',
      steps: [
        'Piense en dos opciones que de verdad le parezcan bien (las dos tienen que servirle).',
        'Muéstrelas o señálelas: «¿Vaso rojo o vaso azul?».',
        'Dele tiempo para responder con palabras, señalando o con la mirada.',
        'Dele exactamente lo que eligió y repítalo: «Vaso azul. ¡Muy bien elegido!».',
      ],
      tips: [
        'Con dos basta; más opciones pueden ser demasiado.',
        'Si la tarea tiene que hacerse sí o sí, que la elección sea el cómo: «¿Vamos al baño caminando o saltando como una rana?».',
      ],
    },
  },
  {
    key: 'calm-down-corner', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Calm-down corner',
      purpose: 'A cosy, safe place your child can go to feel calm again — never a punishment.',
      steps: [
        'Pick a quiet spot and add a few soft, calming things: a cushion, a blanket, a squeeze ball, a picture book.',
        'Visit it together on a good day, and practise being calm there so it feels familiar.',
        'When you see the first signs of upset, offer it kindly: "Do you want to go to your calm spot?"',
        'Stay nearby if your child wants you, and keep your words few and soft.',
        'When your child is calm, welcome them back warmly without going over what happened.',
      ],
      tips: [
        'Never use the corner as a time-out; it should always feel like a kind place.',
        'Let your child help choose what goes in it.',
      ],
    },
    es: {
      name: 'Rincón de la calma',
      purpose: 'Un lugar acogedor y seguro donde su hijo o hija puede volver a sentirse tranquilo; nunca un castigo.',
      steps: [
        'Elija un lugar tranquilo y ponga algunas cosas suaves que calmen: un cojín, una manta, una pelota para apretar, un cuento.',
        'Visítenlo juntos un día bueno y practiquen estar tranquilos allí, para que le resulte familiar.',
        'Cuando vea las primeras señales de malestar, ofrézcalo con cariño: «¿Quieres ir a tu rincón tranquilo?».',
        'Quédese cerca si su hijo o hija lo quiere, y hable poco y con voz suave.',
        'Cuando esté en calma, recíbalo con cariño sin volver a hablar de lo que pasó.',
      ],
      tips: [
        'No use nunca el rincón como castigo; siempre debe sentirse como un lugar amable.',
        'Deje que su hijo o hija ayude a elegir lo que va en el rincón.',
      ],
    },
  },
  {
    key: 'belly-breathing', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Belly breathing',
      purpose: 'Slow breaths that help the body settle when feelings get big.',
      steps: [
        'Practise when your child is calm first, not in the middle of a meltdown.',
        'Lie down or sit together and put a small toy on your child’s tummy.',
        'Breathe in slowly through the nose so the toy rises ("smell the flower").',
        'Breathe out slowly through the mouth so the toy goes down ("blow out the candle").',
        'Do 3 to 5 breaths together, then say something kind about how their body feels.',
      ],
      tips: [
        'Do it with your child: children copy our breathing.',
        'Once it is familiar, a simple cue like "flower, candle" can help in harder moments.',
      ],
    },
    es: {
      name: 'Respiración con la barriga',
      purpose: 'Respiraciones lentas que ayudan al cuerpo a calmarse cuando las emociones son muy grandes.',
      steps: [
        'Practíquelo primero cuando su hijo o hija esté tranquilo, no en medio de una rabieta.',
        'Acuéstense o siéntense juntos y ponga un juguete pequeño sobre su barriga.',
        'Tomen aire despacio por la nariz para que el juguete suba («huele la flor»).',
        'Suelten el aire despacio por la boca para que el juguete baje («sopla la vela»).',
        'Hagan de 3 a 5 respiraciones juntos y luego diga algo amable sobre cómo se siente su cuerpo.',
      ],
      tips: [
        'Hágalo con su hijo o hija: los niños copian nuestra forma de respirar.',
        'Cuando ya lo conozca, una señal sencilla como «flor, vela» puede ayudar en los momentos difíciles.',
      ],
    },
  },
  {
    key: 'transition-warnings', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Warnings before a change',
      purpose: 'A heads-up before an activity ends, so stopping is less of a shock.',
      steps: [
        'Before a change, get close and get your child’s attention (a gentle touch, their name).',
        'Give a warning: "Five more minutes, then bath." Show five fingers or a timer.',
        'Give a second warning at one or two minutes: "Two more minutes."',
        'At the end, say "Time’s up — bath now" and help your child move, offering something to carry along if that helps.',
      ],
      tips: [
        'Keep the warnings the same each time so your child knows what they mean.',
        'Praise the moment they stop, even if it was with a little help.',
      ],
    },
    es: {
      name: 'Avisos antes de un cambio',
      purpose: 'Un aviso antes de que termine una actividad, para que parar no sea un golpe.',
      steps: [
        'Antes de un cambio, acérquese y capte su atención (un toque suave, su nombre).',
        'Avise: «Cinco minutos más y después baño». Muestre cinco dedos o un temporizador.',
        'Dé un segundo aviso uno o dos minutos antes: «Dos minutos más».',
        'Al final diga «Se acabó el tiempo: ahora baño» y ayúdele a cambiar; si sirve, que lleve algo en la mano.',
      ],
      tips: [
        'Dé los avisos siempre igual, para que sepa lo que significan.',
        'Felicítele en el momento en que para, aunque haya sido con un poco de ayuda.',
      ],
    },
  },
  {
    key: 'model-expand', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Model and add a word',
      purpose: 'Grows your child’s talking by saying what they say, plus one more word.',
      steps: [
        'Get face to face, at your child’s level, during play or a daily routine.',
        'Listen to what your child says or shows (a word, a sound, a point).',
        'Say it back with one word more: your child says "car", you say "red car" or "car go".',
        'Pause and wait, with a friendly look, to give your child a turn — no need to make them repeat.',
      ],
      tips: [
        'Just one word more: big sentences are harder to copy.',
        'Do this in everyday moments — bath, snack, play — a few times each day.',
      ],
    },
    es: {
      name: 'Repetir y añadir una palabra',
      purpose: 'Hace crecer el lenguaje de su hijo o hija repitiendo lo que dice y añadiendo una palabra más.',
      steps: [
        'Póngase cara a cara, a su altura, mientras juegan o durante una rutina diaria.',
        'Escuche lo que dice o muestra (una palabra, un sonido, un gesto de señalar).',
        'Repítalo con una palabra más: si dice «coche», usted dice «coche rojo» o «coche va».',
        'Haga una pausa y espere con una mirada amable para darle su turno; no hace falta que lo repita.',
      ],
      tips: [
        'Solo una palabra más: las frases largas son más difíciles de copiar.',
        'Hágalo en momentos de todos los días (baño, merienda, juego), varias veces al día.',
      ],
    },
  },
  {
    key: 'sensory-breaks', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Sensory breaks',
      purpose: 'Short movement breaks that help your child’s body feel ready to focus.',
      steps: [
        'Plan short breaks (2–5 minutes) before hard tasks, or every 20–30 minutes of sitting.',
        'Choose movements your child likes: jumping, wall push-ups, carrying books, a quick dance.',
        'Use a timer or count so the break has a clear end.',
        'Go back to the task calmly, with a simple "Now back to drawing."',
      ],
      tips: [
        'Offer the break before your child is overwhelmed, not as a reward for good behaviour.',
        'Notice which movements calm your child and which make them more excited, and tell the team.',
      ],
    },
    es: {
      name: 'Pausas sensoriales',
      purpose: 'Pausas cortas de movimiento que ayudan al cuerpo de su hijo o hija a estar listo para concentrarse.',
      steps: [
        'Planee pausas cortas (de 2 a 5 minutos) antes de las tareas difíciles o cada 20–30 minutos sentados.',
        'Elija movimientos que le gusten: saltar, empujar la pared, cargar libros, bailar un poco.',
        'Use un temporizador o cuente en voz alta para que la pausa tenga un final claro.',
        'Vuelvan a la tarea con calma, con un sencillo «Ahora, a seguir dibujando».',
      ],
      tips: [
        'Ofrezca la pausa antes de que se sienta desbordado, no como premio por portarse bien.',
        'Fíjese en qué movimientos le calman y cuáles le alteran más, y cuénteselo al equipo.',
      ],
    },
  },
  {
    key: 'social-story', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Social story',
      purpose: 'A short, simple story that explains a new or hard situation before it happens.',
      steps: [
        'Pick one situation that worries your child (a haircut, a new class, a fire drill).',
        'Write 4–8 short sentences in your child’s voice: what happens, what people do, and one thing that helps ("I can hold my ear-muffs").',
        'Add a photo or drawing for each sentence if you can.',
        'Read it together calmly a few days before, and again just before the situation.',
        'Afterwards, read it once more and name what went well.',
      ],
      tips: [
        'Describe more than you direct: most sentences say what happens, only a few say what to do.',
        'Keep it positive and true — don’t promise things you can’t control.',
      ],
    },
    es: {
      name: 'Historia social',
      purpose: 'Una historia corta y sencilla que explica una situación nueva o difícil antes de que ocurra.',
      steps: [
        'Elija una situación que le preocupe (cortarse el pelo, una clase nueva, un simulacro de incendio).',
        'Escriba de 4 a 8 frases cortas como si hablara su hijo o hija: qué pasa, qué hace la gente y algo que ayuda («Puedo ponerme mis orejeras»).',
        'Si puede, añada una foto o un dibujo para cada frase.',
        'Léanla juntos con calma unos días antes, y otra vez justo antes de la situación.',
        'Después, léanla una vez más y digan en voz alta lo que salió bien.',
      ],
      tips: [
        'Describa más de lo que ordena: casi todas las frases cuentan qué pasa y solo unas pocas dicen qué hacer.',
        'Que sea positiva y verdadera: no prometa cosas que no dependen de usted.',
      ],
    },
  },
  {
    key: 'specific-praise', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Praise the specific behaviour',
      purpose: 'Tells your child exactly what they did well, so they know what to do again.',
      steps: [
        'Decide which behaviour you want to see more of (for example, asking for help with words).',
        'Watch for it — even a small try counts.',
        'Praise it right away and say exactly what they did: "You asked for help with words. Great asking!"',
        'Add a smile, a high-five, or a hug — whatever your child enjoys.',
      ],
      tips: [
        'Aim for many more praises than corrections across the day.',
        '"Good job" is nice; "You put your shoes on all by yourself!" teaches more.',
      ],
    },
    es: {
      name: 'Elogiar lo que hizo bien, con detalle',
      purpose: 'Le dice a su hijo o hija exactamente qué hizo bien, para que sepa qué repetir.',
      steps: [
        'Decida qué conducta quiere ver más (por ejemplo, pedir ayuda con palabras).',
        'Esté atento: hasta un pequeño intento cuenta.',
        'Elógielo enseguida y diga exactamente lo que hizo: «¡Pediste ayuda con palabras! ¡Muy bien pedido!».',
        'Añada una sonrisa, chocar los cinco o un abrazo, lo que más le guste.',
      ],
      tips: [
        'Procure que a lo largo del día haya muchos más elogios que correcciones.',
        '«Muy bien» está bien; «¡Te pusiste los zapatos tú solo!» enseña más.',
      ],
    },
  },
  {
    key: 'wait-time', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Wait time',
      purpose: 'Giving your child enough quiet time to think and answer on their own.',
      steps: [
        'Ask one question or give one instruction, then stop talking.',
        'Count slowly to ten in your head while looking at your child with an expectant, friendly face.',
        'If there is no answer, say the same words again, then wait again.',
        'Only then give a little help, such as showing two choices or starting the word for them.',
      ],
      tips: [
        'The silence feels long to us but often is just what your child needs.',
        'Tell other adults about the wait, so nobody jumps in to answer for your child.',
      ],
    },
    es: {
      name: 'Tiempo de espera',
      purpose: 'Darle a su hijo o hija suficiente tiempo en silencio para pensar y responder por sí mismo.',
      steps: [
        'Haga una sola pregunta o dé una sola instrucción, y deje de hablar.',
        'Cuente despacio hasta diez en su cabeza mientras le mira con cara amable, esperando.',
        'Si no responde, repita las mismas palabras y vuelva a esperar.',
        'Solo entonces dele un poco de ayuda, como mostrar dos opciones o decir el comienzo de la palabra.',
      ],
      tips: [
        'A nosotros el silencio nos parece largo, pero muchas veces es justo lo que su hijo o hija necesita.',
        'Cuénteselo a los demás adultos, para que nadie conteste por su hijo o hija.',
      ],
    },
  },
  {
    key: 'visual-timer', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Visual timer',
      purpose: 'Lets your child see time passing, so "how long?" is easier to understand.',
      steps: [
        'Use a timer where the colour or sand shrinks as time goes (a phone app works too).',
        'Show it and say what it is for: "Tablet until the red is gone."',
        'Put it where your child can see it during the activity.',
        'When it ends, point to it and say "Time is finished," then move on to what comes next.',
      ],
      tips: [
        'Use it for nice things too (play time), not only for waiting or work.',
        'Let your child start the timer: a sense of control helps.',
      ],
    },
    es: {
      name: 'Temporizador visual',
      purpose: 'Deja que su hijo o hija vea pasar el tiempo, para que «¿cuánto falta?» se entienda mejor.',
      steps: [
        'Use un temporizador en el que el color o la arena disminuyan con el tiempo (una aplicación del teléfono también sirve).',
        'Muéstrelo y diga para qué es: «Tableta hasta que se acabe el rojo».',
        'Póngalo donde pueda verlo durante la actividad.',
        'Cuando termine, señálelo y diga «Se acabó el tiempo»; luego pasen a lo siguiente.',
      ],
      tips: [
        'Úselo también para cosas agradables (tiempo de juego), no solo para esperar o trabajar.',
        'Deje que su hijo o hija ponga en marcha el temporizador: sentir que decide le ayuda.',
      ],
    },
  },
  {
    key: 'core-words', settings: ['therapy', 'home', 'school'],
    en: {
      name: '"Show me" and core words',
      purpose: 'A few powerful words (more, help, stop, go, all done) your child can say, sign or point to.',
      steps: [
        'Choose 3–5 core words with the team, and keep a picture board or device close by.',
        'Point to the word on the board as you say it during everyday moments: "More bubbles?"',
        'Create small chances to ask: pause the bubbles and wait with a friendly look.',
        'If your child does not ask, gently say "Show me" and point to the word yourself, then give what they asked for.',
        'Respond to every try — a sound, a sign, a point — as if it were the real word.',
      ],
      tips: [
        'The board should go everywhere your child goes: home, car, school.',
        'Never take the board away as a punishment; it is your child’s voice.',
      ],
    },
    es: {
      name: '«Muéstrame» y palabras clave',
      purpose: 'Unas pocas palabras muy útiles (más, ayuda, para, vamos, terminé) que su hijo o hija puede decir, hacer con signos o señalar.',
      steps: [
        'Elijan con el equipo de 3 a 5 palabras clave y tenga cerca un tablero de imágenes o el dispositivo.',
        'Señale la palabra en el tablero mientras la dice en momentos cotidianos: «¿Más burbujas?».',
        'Cree pequeñas ocasiones para pedir: pare las burbujas y espere con una mirada amable.',
        'Si no pide, diga con suavidad «Muéstrame», señale usted la palabra y luego dele lo que pidió.',
        'Responda a cada intento (un sonido, un signo, un gesto) como si fuera la palabra de verdad.',
      ],
      tips: [
        'El tablero debe ir a todas partes con su hijo o hija: casa, coche, escuela.',
        'No le quite nunca el tablero como castigo: es su voz.',
      ],
    },
  },
  {
    key: 'fading-prompts', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'From hand-over-hand to doing it alone',
      purpose: 'Give just enough help, then step back little by little until your child does it alone.',
      steps: [
        'Start with the help your child needs to succeed, such as guiding their hands gently.',
        'After a few good tries, help a little less: a touch on the elbow instead of holding the hands.',
        'Then less again: point, or show the first move, and wait.',
        'Then just wait with a friendly look, and praise when your child does it on their own.',
        'If your child gets stuck, go back one step of help, then try fading again later.',
      ],
      tips: [
        'Always ask before touching, and stop if your child pulls away.',
        'Your therapist can show you which step of help your child is on now.',
      ],
    },
    es: {
      name: 'De guiar con la mano a hacerlo solo',
      purpose: 'Dar la ayuda justa y retirarla poco a poco, hasta que su hijo o hija lo haga solo.',
      steps: [
        'Empiece con la ayuda que necesita para lograrlo, por ejemplo guiando sus manos con suavidad.',
        'Tras unos cuantos intentos buenos, ayude un poco menos: un toque en el codo en vez de sujetarle las manos.',
        'Luego menos aún: señale o muestre el primer movimiento, y espere.',
        'Después solo espere con una mirada amable, y felicítele cuando lo haga solo.',
        'Si se atasca, vuelva a dar un poco más de ayuda y más adelante pruebe a retirarla de nuevo.',
      ],
      tips: [
        'Pida permiso antes de tocar, y pare si su hijo o hija se aparta.',
        'Su terapeuta puede mostrarle en qué nivel de ayuda está ahora su hijo o hija.',
      ],
    },
  },
  {
    key: 'token-board', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Positive token board',
      purpose: 'Your child collects stars for trying, then enjoys a reward they chose — tokens are never taken away.',
      steps: [
        'Let your child choose the reward first and put its picture at the end of the board.',
        'Start with only 3 spaces so the reward comes quickly.',
        'Give a token right away when your child does the behaviour, and say what it was for.',
        'When the board is full, give the reward straight away and celebrate together.',
        'Once it works well, slowly add more spaces.',
      ],
      tips: [
        'Never remove a token once it is earned: the board is about success, not loss.',
        'Tokens go with praise, not instead of it.',
      ],
    },
    es: {
      name: 'Tablero de fichas en positivo',
      purpose: 'Su hijo o hija junta estrellas por esforzarse y luego disfruta de un premio que eligió; nunca se le quitan fichas.',
      steps: [
        'Primero deje que elija el premio y ponga su imagen al final del tablero.',
        'Empiece con solo 3 espacios, para que el premio llegue pronto.',
        'Dele una ficha en cuanto haga la conducta y diga por qué se la ganó.',
        'Cuando el tablero esté lleno, dele el premio enseguida y celébrenlo juntos.',
        'Cuando funcione bien, añada más espacios poco a poco.',
      ],
      tips: [
        'No quite nunca una ficha ganada: el tablero trata de logros, no de pérdidas.',
        'Las fichas acompañan a los elogios, no los sustituyen.',
      ],
    },
  },
  {
    key: 'bedtime-routine', settings: ['home'],
    en: {
      name: 'Bedtime routine chart',
      purpose: 'The same calm steps in the same order every night, shown in pictures.',
      steps: [
        'Choose 4–6 bedtime steps, such as bath, pyjamas, teeth, toilet, story, lights off.',
        'Make a chart with a picture for each step and hang it where bedtime happens.',
        'Start at the same time each night, and dim the lights and screens about an hour before.',
        'Go through the chart together, letting your child tick or move each picture when done.',
        'End with the same calm words every night, such as "Goodnight, see you in the morning."',
      ],
      tips: [
        'Keep the order the same, even on weekends if you can.',
        'Put the favourite step (the story) last, so there is something to look forward to.',
      ],
    },
    es: {
      name: 'Tabla de la rutina para dormir',
      purpose: 'Los mismos pasos tranquilos, en el mismo orden cada noche, mostrados con imágenes.',
      steps: [
        'Elija de 4 a 6 pasos para ir a dormir, por ejemplo: baño, pijama, dientes, baño (inodoro), cuento, apagar la luz.',
        'Haga una tabla con una imagen para cada paso y cuélguela donde ocurre la hora de dormir.',
        'Empiece a la misma hora cada noche, y baje la luz y apague las pantallas una hora antes más o menos.',
        'Recorran juntos la tabla, dejando que su hijo o hija marque o mueva cada imagen al terminar.',
        'Termine cada noche con las mismas palabras tranquilas, como «Buenas noches, nos vemos por la mañana».',
      ],
      tips: [
        'Mantenga el mismo orden, también el fin de semana si puede.',
        'Ponga el paso favorito (el cuento) al final, para que haya algo que esperar con ilusión.',
      ],
    },
  },
  {
    key: 'learning-plate', settings: ['therapy', 'home'],
    en: {
      name: 'New food "learning plate"',
      purpose: 'A small side plate where a new food can just be there, with no pressure to eat it.',
      steps: [
        'Serve your child’s usual safe foods on their plate as always.',
        'Put a tiny piece of a new food on a separate small "learning plate" next to it.',
        'Invite exploring without eating: look, touch, smell, lick, or put it back — every step counts.',
        'Talk about the food’s colour, shape or sound, and eat some yourself with enjoyment.',
        'Offer the same new food again on other days; it can take 10–15 tries before a child tastes it.',
      ],
      tips: [
        'No bribes and no "one more bite": pressure makes new foods scarier.',
        'Praise the exploring ("You touched the carrot!"), not the eating.',
      ],
    },
    es: {
      name: 'El «plato para aprender» alimentos nuevos',
      purpose: 'Un platito aparte donde un alimento nuevo simplemente puede estar, sin presión para comerlo.',
      steps: [
        'Sirva en su plato los alimentos seguros de siempre.',
        'Ponga un trocito de un alimento nuevo en un platito aparte, el «plato para aprender», al lado.',
        'Invítele a explorar sin comer: mirar, tocar, oler, chupar o devolverlo; cada paso cuenta.',
        'Hablen del color, la forma o el ruido que hace el alimento, y cómalo usted con gusto.',
        'Ofrezca el mismo alimento otros días; un niño puede necesitar de 10 a 15 intentos antes de probarlo.',
      ],
      tips: [
        'Sin sobornos y sin «un bocado más»: la presión hace que los alimentos nuevos den más miedo.',
        'Elogie la exploración («¡Tocaste la zanahoria!»), no el hecho de comer.',
      ],
    },
  },
  {
    key: 'break-card', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Break card',
      purpose: 'A card your child can show to ask for a short break, instead of running off or melting down.',
      steps: [
        'Make a small card with a picture and the word "Break" and keep it within your child’s reach.',
        'Teach it on a calm day: your child hands you the card, you say "You want a break. OK!" and give one.',
        'Keep breaks short (2–3 minutes) in an agreed spot, with a timer.',
        'When the timer ends, invite your child back with a simple next step.',
        'Praise every time your child uses the card instead of leaving or shouting.',
      ],
      tips: [
        'At first, say yes every time the card is used — trust in the card comes first.',
        'Later the team can help set a "work a little, then break" rhythm.',
      ],
    },
    es: {
      name: 'Tarjeta de descanso',
      purpose: 'Una tarjeta que su hijo o hija puede mostrar para pedir un descanso corto, en vez de escaparse o desbordarse.',
      steps: [
        'Haga una tarjeta pequeña con un dibujo y la palabra «Descanso», y déjela a su alcance.',
        'Enséñela un día tranquilo: le da la tarjeta, usted dice «Quieres un descanso. ¡Vale!» y se lo da.',
        'Que los descansos sean cortos (2–3 minutos), en un lugar acordado y con temporizador.',
        'Cuando suene el temporizador, invítele a volver con un siguiente paso sencillo.',
        'Felicítele cada vez que use la tarjeta en lugar de irse o gritar.',
      ],
      tips: [
        'Al principio diga que sí cada vez que use la tarjeta: lo primero es que confíe en ella.',
        'Más adelante el equipo puede ayudar a marcar un ritmo de «un poco de trabajo, luego descanso».',
      ],
    },
  },
  {
    key: 'co-regulation', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Co-regulation: stay calm together',
      purpose: 'Your calm body and voice help your child’s body find calm again.',
      steps: [
        'Notice your own body first: take one slow breath and relax your shoulders.',
        'Get close and low, at your child’s level, without crowding them.',
        'Use few words in a soft, slow voice: "I’m here. You’re safe."',
        'Offer comfort your child likes — a hug, a hand to squeeze, rocking, or just sitting together.',
        'Wait until your child is calm before talking about what happened, if at all.',
      ],
      tips: [
        'A child cannot calm down by being told to calm down; they borrow our calm.',
        'It’s fine to step away for a moment to calm yourself if your child is safe.',
      ],
    },
    es: {
      name: 'Corregulación: calmarse juntos',
      purpose: 'Su cuerpo y su voz tranquilos ayudan al cuerpo de su hijo o hija a volver a la calma.',
      steps: [
        'Fíjese primero en su propio cuerpo: respire despacio una vez y relaje los hombros.',
        'Acérquese y póngase a su altura, sin agobiarle.',
        'Use pocas palabras, con voz suave y lenta: «Estoy aquí. Estás a salvo».',
        'Ofrezca el consuelo que le guste: un abrazo, una mano para apretar, mecerse o simplemente sentarse juntos.',
        'Espere a que esté tranquilo antes de hablar de lo que pasó, si es que hace falta.',
      ],
      tips: [
        'Nadie se calma porque le digan «cálmate»: los niños toman prestada nuestra calma.',
        'Si su hijo o hija está seguro, está bien alejarse un momento para calmarse usted.',
      ],
    },
  },
  {
    key: 'communication-temptations', settings: ['therapy', 'home'],
    en: {
      name: 'Set up chances to ask',
      purpose: 'Small, playful set-ups that give your child a reason to communicate.',
      steps: [
        'Put a favourite toy or snack in sight but out of reach, or in a clear box that is hard to open.',
        'Wait with a friendly, expectant look for your child to ask — with a word, a sign or a point.',
        'If needed, model the word: "Open?" or "Help?", and wait again.',
        'As soon as your child tries, give it happily and say the word again.',
      ],
      tips: [
        'Keep it playful; stop before it becomes frustrating.',
        'Give a little at a time (a few crackers, not the packet) to create more chances to ask.',
      ],
    },
    es: {
      name: 'Crear ocasiones para pedir',
      purpose: 'Pequeñas situaciones de juego que le dan a su hijo o hija un motivo para comunicarse.',
      steps: [
        'Ponga un juguete o una merienda favorita a la vista pero fuera de su alcance, o en una caja transparente difícil de abrir.',
        'Espere con una mirada amable a que lo pida, con una palabra, un signo o señalando.',
        'Si hace falta, dígale la palabra: «¿Abrir?» o «¿Ayuda?», y vuelva a esperar.',
        'En cuanto lo intente, déselo con alegría y repita la palabra.',
      ],
      tips: [
        'Que sea un juego; pare antes de que se frustre.',
        'Dé poco a poco (unas galletas, no el paquete entero) para crear más ocasiones de pedir.',
      ],
    },
  },
  {
    key: 'turn-taking', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Taking turns in play',
      purpose: 'Simple back-and-forth games that build waiting, sharing and playing with others.',
      steps: [
        'Choose a short game with clear turns: rolling a ball, stacking blocks, a simple board game.',
        'Say whose turn it is every time: "My turn… your turn."',
        'Use an object that passes between you (the ball, a "my turn" card) to make turns visible.',
        'Keep early turns very short so waiting is easy, and praise the waiting.',
      ],
      tips: [
        'Start with an adult before trying turns with another child.',
        'Stop while it’s still fun.',
      ],
    },
    es: {
      name: 'Esperar turnos al jugar',
      purpose: 'Juegos sencillos de ida y vuelta que enseñan a esperar, compartir y jugar con otros.',
      steps: [
        'Elija un juego corto con turnos claros: rodar una pelota, apilar bloques, un juego de mesa sencillo.',
        'Diga de quién es el turno cada vez: «Mi turno… tu turno».',
        'Use un objeto que pase de uno a otro (la pelota, una tarjeta de «mi turno») para que los turnos se vean.',
        'Al principio haga turnos muy cortos para que esperar sea fácil, y elogie la espera.',
      ],
      tips: [
        'Empiece jugando con un adulto antes de probar con otro niño.',
        'Paren mientras todavía sea divertido.',
      ],
    },
  },
  {
    key: 'heavy-work', settings: ['home', 'school'],
    en: {
      name: 'Heavy work before sitting tasks',
      purpose: 'Pushing, pulling and carrying activities that help a busy body settle before it needs to sit.',
      steps: [
        'Before homework, meals or circle time, plan 3–5 minutes of "heavy work".',
        'Ideas: carry a basket of books, push a laundry basket, wall push-ups, pull a friend on a blanket.',
        'Make it a job with a purpose: "Can you help me carry these to the table?"',
        'Then go straight to the sitting task while your child’s body feels calmer.',
      ],
      tips: [
        'Heavy work usually calms; spinning and fast games usually excite — notice what works for your child.',
        'Teachers can use classroom jobs like carrying the register or wiping tables.',
      ],
    },
    es: {
      name: 'Trabajo pesado antes de estar sentado',
      purpose: 'Empujar, tirar y cargar cosas ayuda a que un cuerpo inquieto se calme antes de tener que sentarse.',
      steps: [
        'Antes de los deberes, las comidas o la asamblea, planee de 3 a 5 minutos de «trabajo pesado».',
        'Ideas: cargar una cesta con libros, empujar el cesto de la ropa, flexiones contra la pared, arrastrar a alguien sobre una manta.',
        'Conviértalo en una tarea útil: «¿Me ayudas a llevar esto a la mesa?».',
        'Luego pasen directamente a la tarea sentados, mientras su cuerpo está más tranquilo.',
      ],
      tips: [
        'El trabajo pesado suele calmar; girar y los juegos rápidos suelen alterar. Fíjese en lo que le funciona a su hijo o hija.',
        'En clase se pueden usar encargos como llevar la lista o limpiar las mesas.',
      ],
    },
  },
  {
    key: 'name-the-feeling', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Name the feeling',
      purpose: 'Putting words to your child’s feelings helps them understand and calm them.',
      steps: [
        'Notice what your child seems to feel from their face and body.',
        'Say it simply and kindly: "You’re angry. The tower fell down."',
        'Show it on a feelings chart or with your own face if that helps.',
        'Then offer a way to cope: "Let’s take a breath" or "Do you want a hug?"',
      ],
      tips: [
        'All feelings are OK; it is what we do with them that we teach.',
        'Practise on calm days with books and pictures: "How does the bear feel?"',
      ],
    },
    es: {
      name: 'Ponerle nombre a la emoción',
      purpose: 'Poner palabras a lo que siente su hijo o hija le ayuda a entenderlo y a calmarse.',
      steps: [
        'Fíjese en lo que parece sentir por su cara y su cuerpo.',
        'Dígalo de forma sencilla y amable: «Estás enfadado. Se cayó la torre».',
        'Si ayuda, muéstrelo en una tabla de emociones o con su propia cara.',
        'Luego ofrezca una forma de sobrellevarlo: «Respiremos juntos» o «¿Quieres un abrazo?».',
      ],
      tips: [
        'Todas las emociones están bien; lo que enseñamos es qué hacer con ellas.',
        'Practiquen en días tranquilos con cuentos e imágenes: «¿Cómo se siente el oso?».',
      ],
    },
  },
  {
    key: 'one-step-directions', settings: ['therapy', 'home', 'school'],
    en: {
      name: 'Short, one-step instructions',
      purpose: 'One clear instruction at a time, so your child can understand and follow it.',
      steps: [
        'Get your child’s attention first: say their name and get close.',
        'Give one short instruction that says what to do (not what not to do): "Feet on the floor."',
        'Show it with a gesture or point at the same time.',
        'Wait, then praise when it is done before giving the next step.',
      ],
      tips: [
        'Say it as a statement, not a question: "Coat on" rather than "Can you put your coat on?"',
        'If it doesn’t work, make it shorter, not louder.',
      ],
    },
    es: {
      name: 'Instrucciones cortas, de una en una',
      purpose: 'Una instrucción clara cada vez, para que su hijo o hija pueda entenderla y seguirla.',
      steps: [
        'Primero capte su atención: diga su nombre y acérquese.',
        'Dé una sola instrucción corta que diga qué hacer (no qué no hacer): «Pies en el suelo».',
        'Al mismo tiempo, muéstrelo con un gesto o señalando.',
        'Espere y felicítele cuando lo haga, antes de dar el paso siguiente.',
      ],
      tips: [
        'Dígalo como una frase, no como una pregunta: «Abrigo puesto» en lugar de «¿Te pones el abrigo?».',
        'Si no funciona, hágala más corta, no más fuerte.',
      ],
    },
  },
];
