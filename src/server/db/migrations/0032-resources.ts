import { sql, type Kysely } from 'kysely';

// Resources for families, and the family's own view of each goal's progress. Frozen once landed:
// never edit, add a new migration instead.
//
// `resource` holds both libraries, as `strategy` does: rows with clinic_id NULL are CareTeam's
// starter articles, inserted here, read by every clinic and never edited through the API; rows
// with a clinic_id are that clinic's own. A resource is an article (markdown), a link, a video (a
// link or an uploaded file) or a PDF (an uploaded file). Its words are one jsonb keyed by language,
// {"en": {title, summary, body}, "es": {…}}: the languages it exists in are its keys. Audience:
// therapy types (none: any) and an age range in years (null: any); tags are the clinic's words.
// An uploaded file's bytes live in the upload store beside every other upload; `resource_file`
// says whose they are (a clinic's, not a child's).
//
// `child_resource` gives a library resource to one child's family with a note; `child_resource_reader`
// keeps, per person, when they first and last opened it and whether it helped.
//
// `goal_rating` is a family member's "how is this goal going?" before a review: one per goal,
// person and review period (after_review: the last review held when it was given, null before the
// first), changed in place until the next review starts a new period. `goal_rating_request` is a
// therapist asking the family for their ratings before a review.
//
// `good_news` marks a message a therapist sent as good news on purpose (from the caseload's nudge,
// started from the family's latest wins and improving goals): with the team's wins and milestones,
// it is what keeps a family from going 14 days without a positive word.

type Text = { title: string; summary: string; body: string };
type Starter = { key: string; tags: string[]; en: Text; es: Text };

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE resource_file (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      uploaded_by uuid NOT NULL REFERENCES app_user(id),
      content_type text NOT NULL,
      byte_size integer NOT NULL CHECK (byte_size > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE resource (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid REFERENCES clinic(id),
      starter_key text UNIQUE,
      kind text NOT NULL CHECK (kind IN ('article', 'link', 'video', 'pdf')),
      content jsonb NOT NULL CHECK (content ?| ARRAY['en', 'es']),
      url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
      file_id uuid UNIQUE REFERENCES resource_file(id),
      therapy_types text[] NOT NULL DEFAULT '{}',
      age_min smallint CHECK (age_min BETWEEN 0 AND 25),
      age_max smallint CHECK (age_max BETWEEN 0 AND 25 AND age_max >= coalesce(age_min, 0)),
      tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 12),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      CHECK ((clinic_id IS NULL) = (starter_key IS NOT NULL)),
      CHECK (kind <> 'link' OR (url IS NOT NULL AND file_id IS NULL)),
      CHECK (kind <> 'pdf' OR (file_id IS NOT NULL AND url IS NULL)),
      CHECK (kind <> 'video' OR ((url IS NULL) <> (file_id IS NULL))),
      CHECK (kind <> 'article' OR (url IS NULL AND file_id IS NULL))
    );
    CREATE INDEX resource_clinic ON resource (clinic_id);

    CREATE TABLE child_resource (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      resource_id uuid NOT NULL REFERENCES resource(id),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
      assigned_by uuid NOT NULL REFERENCES app_user(id),
      assigned_at timestamptz NOT NULL,
      UNIQUE (child_id, resource_id)
    );

    CREATE TABLE child_resource_reader (
      child_resource_id uuid NOT NULL REFERENCES child_resource(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES app_user(id),
      first_opened_at timestamptz,
      last_opened_at timestamptz,
      opened_count integer NOT NULL DEFAULT 0,
      helpful boolean,
      PRIMARY KEY (child_resource_id, user_id)
    );

    CREATE TABLE goal_rating (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      goal_id uuid NOT NULL REFERENCES goal(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      after_review uuid REFERENCES plan_review(id),
      rating text NOT NULL CHECK (rating IN ('much_better', 'a_bit_better', 'same', 'worse')),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL,
      UNIQUE NULLS NOT DISTINCT (goal_id, user_id, after_review)
    );
    CREATE INDEX goal_rating_child ON goal_rating (child_id, updated_at);

    CREATE TABLE goal_rating_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      after_review uuid REFERENCES plan_review(id),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      requested_at timestamptz NOT NULL,
      UNIQUE NULLS NOT DISTINCT (child_id, after_review)
    );

    CREATE TABLE good_news (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      message_id uuid NOT NULL UNIQUE REFERENCES message(id),
      sent_by uuid NOT NULL REFERENCES app_user(id),
      sent_at timestamptz NOT NULL
    );
    CREATE INDEX good_news_child ON good_news (child_id, sent_at);
  `.execute(db);

  for (const s of STARTERS) {
    await sql`INSERT INTO resource (starter_key, kind, content, tags)
      VALUES (${s.key}, 'article', ${JSON.stringify({ en: s.en, es: s.es })}::jsonb, ${s.tags})`.execute(db);
  }
}

/** CareTeam's starter articles, written for families in plain words. */
const STARTERS: Starter[] = [
  {
    key: 'new-routine',
    tags: ['routines', 'change'],
    en: {
      title: 'Preparing your child for a new routine',
      summary: 'A new school year, a new baby, a move: small steps that make a change feel safer.',
      body: `Changes are hard for many children, even good ones. Not knowing what comes next can feel scary, and that worry often shows up as tears, "no!", or trouble sleeping. A little preparation goes a long way.

## A week or two before
- **Talk about it early and simply.** "On Monday you start at the new school. Mum will take you in the car."
- **Show, don't only tell.** Look at photos of the new place, walk past it, or draw the new morning together.
- **Make a picture schedule** of the new routine: breakfast, shoes, car, school. Go through it together each evening.

## On the day
- Keep everything else the same: the same breakfast, the same goodbye words.
- Give your child something familiar to hold or carry.
- Say what happens next, and when you will be back: "After lunch and playtime, I will be at the gate."

## Afterwards
- Expect a few wobbly days: that is normal, not a step back.
- Notice and name what went well: "You walked in by yourself today!"
- Tell your therapist what was hard. Together you can adjust the plan.

You know your child best. If one idea does not fit your family, leave it out.`,
    },
    es: {
      title: 'Cómo preparar a su hijo o hija para una nueva rutina',
      summary: 'Un nuevo curso escolar, un bebé, una mudanza: pasos pequeños para que el cambio se sienta más seguro.',
      body: `Los cambios son difíciles para muchos niños, incluso los cambios buenos. No saber qué viene después puede dar miedo, y esa preocupación a menudo se nota en llanto, en un «¡no!» o en problemas para dormir. Prepararse un poco ayuda mucho.

## Una o dos semanas antes
- **Hable del cambio pronto y con sencillez.** «El lunes empiezas en la escuela nueva. Mamá te llevará en el coche».
- **Muestre, no solo cuente.** Miren fotos del lugar nuevo, pasen por delante o dibujen juntos la nueva mañana.
- **Haga un horario con imágenes** de la nueva rutina: desayuno, zapatos, coche, escuela. Repáselo con su hijo o hija cada noche.

## El día del cambio
- Mantenga igual todo lo demás: el mismo desayuno, las mismas palabras de despedida.
- Dele algo conocido para sostener o llevar.
- Dígale qué pasará después y cuándo volverá: «Después de la comida y del recreo, estaré en la puerta».

## Después
- Espere algunos días difíciles: es normal, no es un paso atrás.
- Fíjese en lo que salió bien y dígalo en voz alta: «¡Hoy entraste tú solo!».
- Cuente a su terapeuta lo que fue difícil. Juntos pueden ajustar el plan.

Usted es quien mejor conoce a su hijo o hija. Si una idea no encaja con su familia, déjela de lado.`,
    },
  },
  {
    key: 'calm-down-at-home',
    tags: ['emotions', 'calming', 'home'],
    en: {
      title: 'Calm-down strategies at home',
      summary: 'What to do in a big meltdown, and how to practise calming when everyone is calm.',
      body: `Every child gets overwhelmed sometimes. The goal is not to stop big feelings, but to help your child come back down, a little faster each time, with you beside them.

## In the moment
1. **Stay close and stay calm.** Your slow breathing and quiet voice help more than words.
2. **Say less.** A few words are enough: "You're upset. I'm here."
3. **Keep everyone safe.** Move things that could hurt, or move to a quieter place.
4. **Wait.** Reasoning, questions and consequences can come later, once your child is calm.

## Practise when everyone is calm
Calming skills are learned like any other skill: by practising when it is easy.
- **Belly breathing:** breathe in while you count to four, "smell the flower", and out slowly, "blow out the candle".
- **A calm corner:** a cosy spot with a cushion, a soft toy and a few pictures of calming choices.
- **Name the feeling:** use a feelings chart to point at "angry", "worried" or "sad".

## After the storm
Reconnect with a hug or a quiet game. Later, talk briefly about what helped. Write in the journal what happened before the meltdown: over a few weeks your therapist can help you spot patterns.

Looking after yourself matters too. It is hard to stay calm when you are exhausted: that is human, not failure.`,
    },
    es: {
      title: 'Estrategias para calmarse en casa',
      summary: 'Qué hacer durante una rabieta fuerte y cómo practicar la calma cuando todos están tranquilos.',
      body: `Todos los niños se sienten desbordados a veces. El objetivo no es impedir las emociones fuertes, sino ayudar a su hijo o hija a volver a la calma, cada vez un poco más rápido, con usted a su lado.

## En el momento
1. **Quédese cerca y mantenga la calma.** Su respiración lenta y su voz tranquila ayudan más que las palabras.
2. **Hable menos.** Bastan pocas palabras: «Estás enfadado. Estoy aquí».
3. **Mantenga a todos a salvo.** Aparte lo que pueda hacer daño o vayan a un lugar más tranquilo.
4. **Espere.** Las explicaciones, las preguntas y las consecuencias pueden esperar a que esté en calma.

## Practique cuando todos estén tranquilos
La calma se aprende como cualquier otra habilidad: practicando cuando es fácil.
- **Respiración con la barriga:** inspire contando hasta cuatro, «huele la flor», y suelte el aire despacio, «sopla la vela».
- **Un rincón de calma:** un lugar acogedor con un cojín, un peluche y algunas imágenes de opciones para calmarse.
- **Ponga nombre a la emoción:** use una tabla de emociones para señalar «enfadado», «preocupado» o «triste».

## Después de la tormenta
Vuelvan a conectar con un abrazo o un juego tranquilo. Más tarde, hablen un momento de lo que ayudó. Anote en el diario qué pasó antes de la rabieta: en unas semanas, su terapeuta puede ayudarle a ver patrones.

Cuidarse usted también importa. Es difícil mantener la calma cuando está agotado o agotada: eso es humano, no un fracaso.`,
    },
  },
  {
    key: 'talking-with-school',
    tags: ['school', 'teamwork'],
    en: {
      title: 'Talking with your child’s school',
      summary: 'How to share what works at home, and build one team with the teacher.',
      body: `Your child spends many hours at school. When home, school and therapy use the same words and the same supports, your child learns faster and feels safer.

## Before you meet
- Write down two or three things that work at home ("a first–then card", "a warning five minutes before a change").
- Write down one or two worries, and one thing your child is proud of.
- Ask your therapist whether there is anything they would like the school to know.

## In the meeting
- **Start with your child's strengths.** Teachers, like parents, respond well to hearing what is going well.
- **Be specific.** "He covers his ears when the bell rings" is easier to act on than "he struggles with noise".
- **Ask what the teacher sees.** School can show a different side of your child.
- **Agree on one small step** to try, and on how you will tell each other how it went.

## Keep in touch
With your permission, the teacher can join your child's team in CareTeam. They will see the strategies marked for school and can note what they observe, so everyone is working from the same page.

You can always ask for an interpreter, or bring someone with you.`,
    },
    es: {
      title: 'Cómo hablar con la escuela de su hijo o hija',
      summary: 'Cómo compartir lo que funciona en casa y formar un solo equipo con el maestro o la maestra.',
      body: `Su hijo o hija pasa muchas horas en la escuela. Cuando la casa, la escuela y la terapia usan las mismas palabras y los mismos apoyos, aprende más rápido y se siente más seguro.

## Antes de la reunión
- Anote dos o tres cosas que funcionan en casa («una tarjeta de primero–después», «avisar cinco minutos antes de un cambio»).
- Anote una o dos preocupaciones y algo de lo que su hijo o hija esté orgulloso.
- Pregunte a su terapeuta si hay algo que le gustaría que la escuela supiera.

## En la reunión
- **Empiece por los puntos fuertes de su hijo o hija.** A los maestros, como a los padres, les ayuda oír lo que va bien.
- **Sea concreto.** «Se tapa los oídos cuando suena el timbre» es más fácil de atender que «le molesta el ruido».
- **Pregunte qué ve el maestro o la maestra.** En la escuela puede mostrar otra faceta.
- **Acuerden un paso pequeño** para probar y cómo se contarán qué tal fue.

## Mantengan el contacto
Con su permiso, el maestro o la maestra puede unirse al equipo de su hijo o hija en CareTeam. Verá las estrategias marcadas para la escuela y podrá anotar lo que observa, para que todos trabajen en la misma dirección.

Siempre puede pedir un intérprete o ir acompañado.`,
    },
  },
  {
    key: 'practice-in-daily-life',
    tags: ['practice', 'home'],
    en: {
      title: 'Fitting practice into everyday life',
      summary: 'Five minutes during bath time counts. Ideas for practising without adding another task to your day.',
      body: `Home practice does not need a table, worksheets or a set hour. Children learn best in real moments, with the people they love, many times a day.

## Borrow moments you already have
- **Mealtimes:** offer two choices and wait for your child to ask.
- **Bath time:** name body parts, count toys, take turns pouring water.
- **Getting dressed:** use first–then, or let your child choose between two shirts.
- **In the car or on the bus:** sing a song and pause before the last word.

## Keep it short and kind
- A few minutes, often, beats a long session once a week.
- Stop while it is still fun.
- Praise the effort: "You tried so hard to say that!"

## When life gets busy
Some weeks practice will not happen, and that is fine. Log what you did manage, even if it is only one try, and let your therapist know what got in the way. The plan should fit your family, not the other way round.`,
    },
    es: {
      title: 'Cómo practicar en el día a día',
      summary: 'Cinco minutos en la hora del baño cuentan. Ideas para practicar sin añadir otra tarea a su día.',
      body: `Practicar en casa no requiere una mesa, fichas ni una hora fija. Los niños aprenden mejor en momentos reales, con las personas que quieren, muchas veces al día.

## Aproveche los momentos que ya tiene
- **Las comidas:** ofrezca dos opciones y espere a que su hijo o hija pida.
- **El baño:** nombren partes del cuerpo, cuenten juguetes, túrnense para echar agua.
- **Al vestirse:** use primero–después, o deje que elija entre dos camisetas.
- **En el coche o en el autobús:** canten una canción y pare antes de la última palabra.

## Que sea corto y amable
- Unos minutos a menudo valen más que una sesión larga una vez por semana.
- Pare mientras todavía sea divertido.
- Elogie el esfuerzo: «¡Cuánto te has esforzado para decirlo!».

## Cuando no hay tiempo
Algunas semanas no se podrá practicar, y no pasa nada. Anote lo que sí pudo hacer, aunque sea un solo intento, y cuente a su terapeuta qué se lo impidió. El plan debe adaptarse a su familia, no al revés.`,
    },
  },
  {
    key: 'caring-for-yourself',
    tags: ['family', 'well-being'],
    en: {
      title: 'Looking after yourself, too',
      summary: 'Caring for a child who needs extra support is demanding. Your well-being is part of the plan.',
      body: `Parents and caregivers are the most important people in a child's progress, and you cannot pour from an empty cup. Taking care of yourself is not selfish: it helps your child.

## Small things that help
- **Take short breaks.** Ten quiet minutes with a cup of tea counts.
- **Share the load.** Invite a partner, grandparent or friend to learn one strategy, so it is not always you.
- **Lower the bar on busy days.** Good enough is good enough.
- **Notice the wins.** Write them in CareTeam: on hard days, it helps to look back at how far your child has come.

## You are not alone
Many families feel tired, worried or unsure at times. Tell your therapist how you are doing, not only how your child is doing. They can adjust the plan, suggest parent groups, or point you to support in your area.

If you ever feel you cannot cope, talk to your doctor or call a local helpline. Asking for help is a strength.`,
    },
    es: {
      title: 'Cuidarse usted también',
      summary: 'Cuidar a un niño o una niña que necesita apoyo extra es exigente. Su bienestar también forma parte del plan.',
      body: `Los padres y cuidadores son las personas más importantes en el progreso de un niño, y nadie puede dar lo que no tiene. Cuidarse no es egoísmo: ayuda a su hijo o hija.

## Pequeñas cosas que ayudan
- **Tómese descansos cortos.** Diez minutos tranquilos con un té cuentan.
- **Reparta la carga.** Invite a su pareja, a un abuelo o a una amiga a aprender una estrategia, para que no siempre le toque a usted.
- **Baje el listón en los días difíciles.** Suficientemente bien es suficiente.
- **Fíjese en los logros.** Anótelos en CareTeam: en los días duros ayuda mirar atrás y ver cuánto ha avanzado su hijo o hija.

## No está solo ni sola
Muchas familias se sienten cansadas, preocupadas o inseguras a veces. Cuente a su terapeuta cómo está usted, no solo cómo está su hijo o hija. Puede ajustar el plan, sugerirle grupos de padres o indicarle apoyos cerca de usted.

Si alguna vez siente que no puede más, hable con su médico o llame a una línea de ayuda local. Pedir ayuda es una fortaleza.`,
    },
  },
];
