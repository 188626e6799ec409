import type { Locale } from '../src/contract/locales.ts';
import type { Tx } from '../src/server/db/database.ts';

// A few weeks of messages for the demo children: each team conversation, and smaller ones where a
// family lives in two households or the school joins in. Carmen writes in Spanish, Lan in
// Vietnamese, Mariam in Arabic and Fang in Chinese; their therapists answer in English.

type Line = { by: string; daysAgo: number; at: string; body: string; language?: Locale };
type DemoConversation = { child: string; title?: string; members?: string[]; lines: Line[]; unreadFor?: string[] };

const CONVERSATIONS: DemoConversation[] = [
  {
    child: 'leo',
    lines: [
      { by: 'slp', daysAgo: 20, at: '09:12', body: 'Hi all! Welcome to Leo’s team conversation. I’ll post a short note after each session here so everyone knows what we worked on.' },
      { by: 'diego', daysAgo: 20, at: '19:40', body: 'Thanks Sam, that’s really helpful.' },
      { by: 'slp', daysAgo: 17, at: '16:05', body: 'Today we practised **two-word requests** with the snack box. Leo did 6 of 8 with just a pause from me!\n\nAt home this week:\n- hold the snack up and wait 5 seconds\n- if he points, model the two words (“more cracker”)\n- celebrate any try, even one word' },
      { by: 'diego', daysAgo: 16, at: '08:03', body: 'He said “more juice” this morning without me saying it first 🙌' },
      { by: 'ot', daysAgo: 16, at: '12:30', body: 'That’s wonderful! On my side: the weighted lap pad helped him stay at the table for 10 minutes. If it’s useful at dinner I can lend you one.' },
      { by: 'diego', daysAgo: 15, at: '20:15', body: 'Yes please, dinner is our hardest time. Could you bring it Thursday?' },
      { by: 'ot', daysAgo: 15, at: '21:02', body: 'Of course, I’ll leave it with the front desk on Thursday.' },
      { by: 'slp', daysAgo: 10, at: '15:45', body: 'Quick reminder: the clinic is closed for the holiday this coming Tuesday, so there is no session that day. See you the week after! The visual schedule is here: https://example.org/visual-schedule' },
      { by: 'diego', daysAgo: 9, at: '07:55', body: 'Noted, thanks Sam. See you the week after.' },
      { by: 'ot', daysAgo: 6, at: '13:20', body: 'Leo tried the new shoes with velcro today and put them on by himself. *Very* proud face!' },
      { by: 'diego', daysAgo: 3, at: '18:30', body: 'Rough evening: he got upset when we turned off the tablet. The five-minute timer warning helped a bit but not much.' },
      { by: 'slp', daysAgo: 2, at: '09:10', body: 'Thanks for telling us. Let’s try a “first–then” card at the same time tomorrow: **first** tablet off, **then** bath with the boats. I’ll bring one to our next session.' },
    ],
    unreadFor: ['diego'],
  },
  {
    child: 'leo', title: 'Mum’s home', members: ['slp', 'laura'],
    lines: [
      { by: 'slp', daysAgo: 14, at: '10:00', body: 'Hi Laura, I’ve started this conversation just for the two of us so you can ask anything about Leo’s week at your home.' },
      { by: 'laura', daysAgo: 14, at: '21:10', body: 'Thank you. He’s with me Thursday to Sunday. Is there one thing I should focus on?' },
      { by: 'slp', daysAgo: 13, at: '08:45', body: 'Just one: at snack time, hold the snack up and **wait**. Give him a chance to ask with two words before you hand it over.' },
      { by: 'laura', daysAgo: 8, at: '17:25', body: 'We did it every day this weekend. He said “apple please” on Sunday!' },
      { by: 'slp', daysAgo: 8, at: '18:02', body: 'That’s fantastic, well done to both of you.' },
      { by: 'laura', daysAgo: 1, at: '20:40', body: 'Could we move Saturday’s home visit to the morning? He is much calmer before lunch.' },
    ],
    unreadFor: ['slp'],
  },
  {
    child: 'leo', title: 'School', members: ['slp', 'teacher', 'diego'],
    lines: [
      { by: 'teacher', daysAgo: 12, at: '15:30', body: 'Hello from school! We started using the visual schedule at circle time. Leo looked at it twice without prompting.' },
      { by: 'slp', daysAgo: 12, at: '16:10', body: 'Great start, Hannah. Could you note how many times he asks for help with words each day this week?' },
      { by: 'teacher', daysAgo: 5, at: '14:50', body: 'This week:\n1. Monday – 2\n2. Tuesday – 3\n3. Wednesday – 1 (tired after swimming)\n4. Thursday – 4' },
      { by: 'diego', daysAgo: 5, at: '19:05', body: 'Love seeing this, thank you Hannah!' },
    ],
  },
  {
    child: 'ava',
    lines: [
      { by: 'slp', daysAgo: 18, at: '11:00', body: 'Hello Keisha and Dorothy! Ava’s new goal is saying the /s/ sound at the start of words. Practice cards are in her folder.' },
      { by: 'dorothy', daysAgo: 17, at: '16:20', body: 'We practised with the cards after lunch. She liked the “sun” and “sock” ones best.' },
      { by: 'keisha', daysAgo: 11, at: '20:00', body: 'She read the whole card set to her brother tonight 😊' },
      { by: 'slp', daysAgo: 4, at: '10:30', body: 'Lovely! Next step is /s/ in the middle of words – I’ll add the new cards on Monday.' },
    ],
    unreadFor: ['keisha', 'dorothy'],
  },
  {
    child: 'sofia',
    lines: [
      { by: 'slp', daysAgo: 19, at: '10:15', body: 'Hi Carmen! This is Sofía’s team conversation. You can write in Spanish or in English, whichever is easier for you; I read both.', language: 'en' },
      { by: 'carmen', daysAgo: 19, at: '18:40', body: '¡Hola Sam! Muchas gracias. Sofía estaba muy contenta después de la sesión.', language: 'es' },
      { by: 'slp', daysAgo: 15, at: '16:00', body: 'This week, when Sofía gets stuck, wait a moment and then model “**ayuda, mamá**”. Praise any try.', language: 'en' },
      { by: 'carmen', daysAgo: 12, at: '19:25', body: 'Hoy dijo «ayuda, mamá» con la tapa del jugo en vez de llorar. ¡Qué orgullo!\n\n- lo hizo dos veces\n- la segunda vez sin que yo dijera nada', language: 'es' },
      { by: 'slp', daysAgo: 12, at: '20:05', body: 'That is a big step! Please keep doing exactly that.', language: 'en' },
      { by: 'carmen', daysAgo: 4, at: '18:10', body: 'Una pregunta: ¿podemos practicar también con la abuela? Ella la cuida por las tardes.', language: 'es' },
      { by: 'carmen', daysAgo: 1, at: '19:50', body: 'La abuela lo intentó ayer y Sofía dijo «agua, por favor». ¡Estamos muy contentos!', language: 'es' },
    ],
    unreadFor: ['slp'],
  },
  {
    child: 'bao',
    lines: [
      { by: 'ot', daysAgo: 18, at: '09:30', body: 'Hi Lan! This is Bảo’s team conversation. I’ll post a short note here after each session, and you can write to me any time.' },
      { by: 'lan', daysAgo: 18, at: '20:15', body: 'Chào cô Olivia! Cảm ơn cô nhiều. Hôm nay về nhà Bảo kể là được chơi bột nặn với cô, bé vui lắm.' },
      { by: 'ot', daysAgo: 14, at: '16:40', body: 'This week, try **food play** before dinner: let Bảo touch, smell and “kiss” one new food. He does not need to eat it. Praise every try, even a small one.' },
      { by: 'lan', daysAgo: 11, at: '20:30', body: 'Tối qua Bảo tự chạm vào miếng đậu phụ rồi đưa lên mũi ngửi. Bé không khóc! Bà nội mừng lắm.' },
      { by: 'ot', daysAgo: 11, at: '21:00', body: 'That is a real step forward. Keep it just as playful.' },
      { by: 'lan', daysAgo: 3, at: '20:05', body: 'Cô ơi, cho tôi hỏi: Bảo vẫn chỉ ăn cơm trắng với trứng. Tôi có nên trộn rau vào cơm cho bé không?' },
      { by: 'ot', daysAgo: 2, at: '12:10', body: 'Good question! Please don’t hide vegetables in his rice for now: if he finds them, he may stop trusting the rice. Put a small piece next to his bowl instead and let him decide.' },
      { by: 'lan', daysAgo: 1, at: '20:20', body: 'Dạ, tôi hiểu rồi. Tối nay tôi sẽ để một miếng cà rốt nhỏ bên cạnh bát của Bảo.' },
    ],
    unreadFor: ['ot'],
  },
  {
    child: 'yousef',
    lines: [
      { by: 'slp', daysAgo: 16, at: '10:00', body: 'Hello Mariam! Welcome to Yousef’s team conversation. I’ll share what we work on after each session, and you can ask me anything here.' },
      { by: 'mariam', daysAgo: 16, at: '17:45', body: 'مرحبًا سام، شكرًا جزيلًا. كان يوسف سعيدًا جدًا بعد الجلسة وحكى لي عن لعبة السيارات.' },
      { by: 'slp', daysAgo: 13, at: '15:20', body: 'This week at the park, stay close and help Yousef ask one child: “Can I play?” Say it with him the first time, then wait.' },
      { by: 'mariam', daysAgo: 9, at: '18:10', body: 'اليوم في الحديقة قال لولد «Can I play?» ولعبا معًا بالكرة عشر دقائق! كنت فخورة به جدًا.' },
      { by: 'slp', daysAgo: 9, at: '19:00', body: 'Wonderful! That is exactly the goal. Well done to you both.' },
      { by: 'mariam', daysAgo: 2, at: '16:30', body: 'سؤال: هل الأفضل أن نتكلم معه بالعربية فقط في البيت، أم نخلط العربية والإنجليزية؟' },
      { by: 'slp', daysAgo: 1, at: '09:15', body: 'Please keep speaking Arabic at home: a strong first language helps his English too. When you play, use whichever language comes naturally to you.' },
    ],
    unreadFor: ['mariam'],
  },
  {
    child: 'yutong',
    lines: [
      { by: 'ot', daysAgo: 15, at: '11:20', body: 'Hello Fang! This is Yutong’s team conversation. After each session I’ll post what we did and one idea for home.' },
      { by: 'fang', daysAgo: 15, at: '21:10', body: '您好，Olivia！谢谢您。雨桐说她特别喜欢您那里的秋千。' },
      { by: 'ot', daysAgo: 12, at: '17:05', body: 'Today Yutong cut along a thick line all by herself. At home, snipping paper straws is a great warm-up: five minutes is plenty.' },
      { by: 'fang', daysAgo: 8, at: '21:25', body: '这个星期我们每天都剪吸管，她剪得越来越好了。外婆也陪她一起练。' },
      { by: 'fang', daysAgo: 4, at: '21:05', body: '想问一下：学校吃午饭的时候太吵，她经常哭。可以让她在学校戴耳罩吗？' },
      { by: 'ot', daysAgo: 3, at: '10:40', body: 'Yes, ear defenders at lunch are a good idea. I can write a short note for her teacher; shall I bring it to Monday’s session?' },
      { by: 'fang', daysAgo: 2, at: '21:15', body: '太好了，谢谢您！周一见。' },
    ],
    unreadFor: ['ot'],
  },
];

/** Who writes in a language other than English. */
const LOCALE: Record<string, Locale> = { carmen: 'es', lan: 'vi', mariam: 'ar', fang: 'zh' };

/** The date `daysAgo` days before `now` at this clock time, on the server's calendar. */
function at(now: Date, daysAgo: number, time: string): Date {
  const d = new Date(now);
  d.setDate(d.getDate() - daysAgo);
  const [h, m] = time.split(':').map(Number);
  d.setHours(h ?? 12, m ?? 0, 0, 0);
  return d;
}

export async function createMessages(tx: Tx, clinicId: string, id: (key: string) => string, now: Date): Promise<void> {
  for (const c of CONVERSATIONS) {
    const childId = id(c.child);
    const conversation = await tx.insertInto('conversation').values({
      clinic_id: clinicId, child_id: childId, kind: c.members ? 'group' : 'team', title: c.title ?? '',
      created_by: c.members ? id(c.lines[0]?.by ?? 'slp') : null, created_at: at(now, (c.lines[0]?.daysAgo ?? 0) + 1, '08:00'),
    }).returning('id').executeTakeFirstOrThrow();
    if (c.members) {
      await tx.insertInto('conversation_member').values(c.members.map((m) => ({
        conversation_id: conversation.id, clinic_id: clinicId, child_id: childId, user_id: id(m), added_by: id(c.lines[0]?.by ?? 'slp'),
      }))).execute();
    }
    const roles = new Map((await tx.selectFrom('care_team_member').select(['user_id', 'role']).where('child_id', '=', childId).where('revoked_at', 'is', null).execute()).map((r) => [r.user_id, r.role]));
    const inserted = await tx.insertInto('message').values(c.lines.map((l) => ({
      clinic_id: clinicId, child_id: childId, conversation_id: conversation.id, author_id: id(l.by), author_role: roles.get(id(l.by)) ?? null,
      body: l.body, language: l.language ?? LOCALE[l.by] ?? 'en', created_at: at(now, l.daysAgo, l.at),
    }))).returning(['id', 'seq', 'author_id', 'created_at']).execute();
    // Everyone has read the conversation, except the newest message for those it is new to.
    const readers = new Set(c.lines.map((l) => l.by).concat(c.members ?? []));
    const last = inserted.at(-1);
    const beforeLast = inserted.at(-2);
    for (const who of readers) {
      const upTo = c.unreadFor?.includes(who) ? beforeLast : last;
      if (!upTo) continue;
      await tx.insertInto('conversation_read').values({
        conversation_id: conversation.id, user_id: id(who), clinic_id: clinicId, child_id: childId,
        last_read_seq: upTo.seq, last_read_message_id: upTo.id, read_at: new Date(upTo.created_at.getTime() + 20 * 60_000),
      }).execute();
    }
  }
}
