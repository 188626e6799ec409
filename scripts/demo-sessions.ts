// The demo's sessions, meetings and family events, dated around the day the demo is loaded: each
// child's weekly (or fortnightly) sessions from four weeks back, scheduled through the sessions
// service as a therapist would (so they are written out ahead and checked for clashes); the past
// ones with who came and a summary for the family, some with a private clinical note; Leo's plan
// review in the coming days with the family and his teacher invited and their agenda points; a
// home visit Leo's mum asks to move; and two family events with the families' answers (three ask
// for an interpreter). Sofía's summaries are written in Spanish, her family's language; those of
// the Vietnamese, Arabic and Chinese families in English, for the app to translate.
import { sql, type Insertable } from 'kysely';
import { recordAudit, type AuditContext } from '../src/server/access/audit.ts';
import { loadChildAccess } from '../src/server/access/access.ts';
import type { Tx } from '../src/server/db/database.ts';
import type { NotificationTable } from '../src/server/db/schema.ts';
import { addDays, localDate } from '../src/server/features/children/calendar.ts';
import { insertEvent, saveRsvp } from '../src/server/features/events/events.repository.ts';
import { eventColumns, reachedBy } from '../src/server/features/events/events.service.ts';
import { zonedInstant } from '../src/server/features/practice/schedule.ts';
import { insertMove, recordChange } from '../src/server/features/sessions/moves.repository.ts';
import { writeNote } from '../src/server/features/sessions/record.repository.ts';
import { saveRecord } from '../src/server/features/sessions/record.service.ts';
import { saveResponse, type SessionRow } from '../src/server/features/sessions/sessions.repository.ts';
import { canSee, scheduleSessions, visibilityFor } from '../src/server/features/sessions/sessions.service.ts';
import type { CreateSessionRequest } from '../src/contract/sessions.ts';
import type { EventRequest } from '../src/contract/events.ts';
import type { Permission, TeamRole } from '../src/contract/access.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** 0 = Monday … 6 = Sunday. */
const weekdayOf = (date: string) => (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
/** The first date on or after `date` that falls on this weekday. */
const onOrAfter = (date: string, day: Weekday) => addDays(date, (WEEKDAYS.indexOf(day) - weekdayOf(date) + 7) % 7);

type Summary = { workedOn: string; wentWell: string; toPractise: string; practice?: string[]; strategies?: string[]; note?: string };

type DemoSeries = {
  child: string; by: string; kind: CreateSessionRequest['kind']; place: CreateSessionRequest['place']; placeNote: string;
  day: Weekday; time: string; minutes: number; everyOtherWeek?: boolean; invitees: string[]; familyInvited: boolean;
  /** Who came with the child, besides the therapist, most recent session first (repeats the last). */
  came: string[];
  /** The summaries of the past sessions, most recent first; older sessions have none. */
  summaries: Summary[];
  /** In the language the therapist wrote to this family. */
  language: 'en' | 'es';
  /** Who answered the next session "we'll join". */
  nextYes?: string[];
};

const SERIES: DemoSeries[] = [
  {
    child: 'leo', by: 'slp', kind: 'therapy', place: 'clinic', placeNote: 'Room 2', day: 'TU', time: '16:00', minutes: 45, invitees: [], familyInvited: true,
    came: ['diego'], language: 'en', nextYes: ['diego'],
    summaries: [
      {
        workedOn: 'Asking for things with two words while we played with the train set and the snack box.',
        wentWell: 'Leo said “help please” three times and “more train” all by himself. He waited for his turn at the track without getting upset.',
        toPractise: 'Keep the bubbles game going every day. At snack time, try adding a third word for him: “more apple please”.',
        practice: ['Bubbles: asking with two words'], strategies: ['model-expand'],
        note: 'Two-word combinations: 9 of 12 spontaneous with a 5-second wait (last block 6 of 12). Emerging “more + noun” and “noun + go”. One protest at clean-up, settled with the first–then card. Ready to model three-word phrases next block.',
      },
      {
        workedOn: 'Using the first–then card when play has to stop, and two-word requests at the snack box.',
        wentWell: 'He handed the train over when the timer rang and said “bye train”. Dad joined the bubbles game at the end.',
        toPractise: 'Use the first–then card at the same time each evening (first tablet off, then bath with the boats).',
        practice: ['Bubbles: asking with two words'], strategies: ['first-then'],
      },
      {
        workedOn: 'Two-word requests during play: “blue train”, “train go”, “more bubbles”.',
        wentWell: 'Leo copied every two-word model and used four on his own. He was proud to push the elevator button on the way out.',
        toPractise: 'When he says one word, say it back with one more word and wait. Five bubbles a day is plenty.',
        practice: ['Bubbles: asking with two words'], strategies: ['model-expand'],
      },
    ],
  },
  {
    child: 'leo', by: 'ot', kind: 'therapy', place: 'clinic', placeNote: 'Sensory gym', day: 'TH', time: '16:30', minutes: 45, everyOtherWeek: true,
    invitees: ['laura'], familyInvited: true, came: ['laura'], language: 'en', nextYes: ['laura'],
    summaries: [
      {
        workedOn: 'Belly breathing with the dinosaur on his tummy, and putting on velcro shoes step by step.',
        wentWell: 'Leo did five slow breaths on his own and showed Mum how the dinosaur goes up and down. He put on the second shoe by himself.',
        toPractise: 'Belly breathing on Monday, Wednesday and Friday when he is calm. Let him do the second shoe; help only with the first.',
        practice: ['Belly breathing with a teddy'], strategies: ['belly-breathing', 'shoes-chart'],
        note: 'Tolerated heavy-work circuit for 12 minutes before breathing. Tactile defensiveness with the sock seam persists; suggest seamless socks to the family at the plan review. Shoe fastening: independent on velcro with verbal cue.',
      },
      {
        workedOn: 'Calming down after a busy obstacle course: breathing, then a quiet minute under the blanket.',
        wentWell: 'He asked for the blanket with words (“blanket please”) and was calm in about six minutes.',
        toPractise: 'Give a five-minute warning before things end at home, and keep the teddy breathing going.',
        practice: ['Belly breathing with a teddy'], strategies: ['transition-warnings'],
      },
    ],
  },
  {
    child: 'ava', by: 'slp', kind: 'therapy', place: 'clinic', placeNote: 'Room 2', day: 'TH', time: '15:45', minutes: 30, invitees: [], familyInvited: true,
    came: ['dorothy', 'dorothy', 'keisha', 'dorothy'], language: 'en', nextYes: ['dorothy'],
    summaries: [
      {
        workedOn: '“What” questions about a picture book with horses, and the /s/ sound at the start of words.',
        wentWell: 'Ava answered 7 of 10 questions, most of them without any choices. She told Grandma the whole story on the way out.',
        toPractise: 'Story time every day: stop on a page, ask “What is the horse doing?” and count to ten in your head before helping.',
        practice: ['Story time “what” questions'], strategies: ['wait-time'],
        note: 'WH-questions: “what” 7/10 independent, 2/10 with forced choice. /s/ initial in words 80% with visual cue; ready for medial position. No concerns.',
      },
      {
        workedOn: 'Answering “what” questions with two choices, then without them.',
        wentWell: 'She needed choices only twice. She sang the goodbye song to the receptionist.',
        toPractise: 'Keep to three or four questions a book so it stays fun.',
        practice: ['Story time “what” questions'],
      },
      {
        workedOn: 'Saying “bye” and waving when leaving, and the new /s/ picture cards.',
        wentWell: 'Ava waved and said bye to everyone in the waiting room. Mum joined us and practised the cards with her.',
        toPractise: 'Say “time to say bye” before you leave a place and wait a moment for her wave.',
        practice: ['Saying bye at the door'],
      },
    ],
  },
  {
    child: 'noah', by: 'ot', kind: 'therapy', place: 'clinic', placeNote: 'Sensory gym', day: 'FR', time: '15:30', minutes: 45, invitees: [], familyInvited: true,
    came: ['dorothy', 'keisha', 'dorothy'], language: 'en', nextYes: ['dorothy'],
    summaries: [
      {
        workedOn: 'Holding a short crayon with a little ball tucked in his hand, and heavy work before drawing.',
        wentWell: 'Noah drew a dinosaur and kept the tripod grip for most of it. He carried the big cushions “like Ava”.',
        toPractise: 'Crayon play on Tuesday, Thursday and Saturday. Carrying the laundry basket before drawing helps his hands get ready.',
        practice: ['Crayon grip with a little ball'], strategies: ['heavy-work'],
        note: 'Tripod grasp maintained ~40% of drawing time (up from 35%). Fatigue after 6 minutes; shoulder stability still the limiting factor. Continue proximal work before fine motor tasks.',
      },
      {
        workedOn: 'Climbing and pushing games, then big circles on the easel.',
        wentWell: 'He climbed the whole ladder on his own and drew circles with both hands.',
        toPractise: 'Let him help carry the shopping bags; it is great for his hands and shoulders.',
        strategies: ['heavy-work'],
      },
      {
        workedOn: 'Putting his cup back “home” on the sticker at snack time, and play-dough squeezing.',
        wentWell: 'The cup went back on the sticker every time. He made a play-dough dinosaur for Grandma.',
        toPractise: 'Keep the sticker on the table at Grandma’s and at home, and cheer when the cup lands on it.',
        practice: ['Cup back on the table'],
      },
    ],
  },
  {
    child: 'sofia', by: 'slp', kind: 'therapy', place: 'clinic', placeNote: 'Room 1', day: 'MO', time: '16:30', minutes: 45, invitees: [], familyInvited: true,
    came: ['carmen'], language: 'es', nextYes: ['carmen'],
    summaries: [
      {
        workedOn: 'Pedir ayuda con palabras mientras jugábamos con botes cerrados y un rompecabezas de animales.',
        wentWell: 'Sofía dijo «ayuda, por favor» cuatro veces sin que nadie se lo dijera antes. Nombró cinco animales y se rio mucho con el león.',
        toPractise: 'Sigan con la práctica en la cocina todos los días. Cuando le cueste, esperen un momento y digan despacio «ayuda».',
        practice: ['Pedir ayuda en la cocina'], strategies: ['core-words'],
        note: 'Requests for help: 4 spontaneous, 3 after a model (last session 2 and 4). Frustration episodes shorter (under a minute). Mother reports generalisation to grandmother at home. Continue core words “ayuda” and “más”.',
      },
      {
        workedOn: 'Saludar con «hola» y despedirse con «adiós» jugando a la escuela con muñecas.',
        wentWell: 'Saludó a la muñeca maestra cada vez y luego saludó a la recepcionista al salir.',
        toPractise: 'Jueguen a la escuela en casa dos o tres veces por semana; la abuela también puede ser la maestra.',
        practice: ['Saludar con «hola»'],
      },
      {
        workedOn: 'Las palabras «más» y «ayuda» durante la merienda.',
        wentWell: 'Pidió «más agua» y «más galleta» con calma. Carmen practicó con ella al final de la sesión.',
        toPractise: 'En cada comida, den una porción pequeña y esperen a que pida «más».',
        strategies: ['core-words'],
      },
    ],
  },
  // The newer families read CareTeam in Vietnamese, Arabic and Chinese; their summaries are written in English.
  {
    child: 'bao', by: 'ot', kind: 'therapy', place: 'clinic', placeNote: 'Sensory gym', day: 'TU', time: '15:00', minutes: 45, invitees: [], familyInvited: true,
    came: ['lan'], language: 'en', nextYes: ['lan'],
    summaries: [
      {
        workedOn: 'Food play: touching, smelling and “kissing” new foods at a pretend picnic, after swinging and heavy work.',
        wentWell: 'Bảo licked a strawberry and a piece of cucumber, and put a carrot stick to his lips. He stayed at the picnic for twelve minutes.',
        toPractise: 'Food play before dinner every day with one new food on a small plate beside his bowl. No need to eat it; praise every try.',
        practice: ['Food play before dinner'], strategies: ['learning-plate'],
        note: 'Food chain: tolerates new food on plate, touches with fingers, licks (strawberry, cucumber). Gag reflex with wet textures. Oral motor within normal limits. Next: bite and spit allowed.',
      },
      {
        workedOn: 'Getting hands messy with play-dough and dry rice before snack time.',
        wentWell: 'He buried his hands in the rice bin and laughed. At snack he touched a banana slice without pushing it away.',
        toPractise: 'Let him help Grandma wash the vegetables: wet hands are practice too.',
      },
    ],
  },
  {
    child: 'yousef', by: 'slp', kind: 'therapy', place: 'clinic', placeNote: 'Room 2', day: 'WE', time: '16:00', minutes: 45, invitees: [], familyInvited: true,
    came: ['mariam'], language: 'en', nextYes: ['mariam'],
    summaries: [
      {
        workedOn: 'Asking to join a game (“Can I play?”, “My turn?”) with a car race and a puppet, and the /k/ sound in “car”, “cup” and “cat”.',
        wentWell: 'Yousef asked the puppet to play four times without help, and said /k/ clearly in 6 of 10 picture cards.',
        toPractise: 'At the park, help him ask one child to play, then wait. Play the picture game with the /k/ cards for five minutes.',
        practice: ['Can I play? At the park'], strategies: ['model-expand'],
        note: 'Bilingual Arabic–English. Velar fronting /k/→/t/ initial position: 60% correct with visual cue (last 45%). Peer-entry phrases emerging. Strong Arabic per parent report; encourage home language.',
      },
      {
        workedOn: 'Taking turns in a board game and saying “my turn” and “your turn”.',
        wentWell: 'He waited for his turn every time and said “your turn” to Mum when she joined at the end.',
        toPractise: 'One short turn-taking game a day at home, in Arabic or in English.',
      },
    ],
  },
  {
    child: 'yutong', by: 'ot', kind: 'therapy', place: 'clinic', placeNote: 'Sensory gym', day: 'MO', time: '16:00', minutes: 45, invitees: [], familyInvited: true,
    came: ['fang'], language: 'en', nextYes: ['fang'],
    summaries: [
      {
        workedOn: 'Cutting with child-size scissors: snipping straws, then along a thick line. Trying ear defenders during a noisy game.',
        wentWell: 'Yutong cut along the whole line by herself and kept her ear defenders on when the music got loud.',
        toPractise: 'Snip paper straws on Tuesday, Thursday and Saturday for five minutes. Put the ear defenders on before you go into a busy shop.',
        practice: ['Snip the paper straws'], strategies: ['sensory-breaks'],
        note: 'Scissor skills: thumb-up grasp with cue, cuts 15 cm straight line within 1 cm. Auditory over-responsivity: tolerated 3 minutes of loud music with ear defenders (last session 1 minute). Share strategies with school.',
      },
      {
        workedOn: 'Swinging and a quiet tent, then drawing and cutting out a rabbit.',
        wentWell: 'She told me “too loud” when the dryer started next door, instead of running off.',
        toPractise: 'Praise her when she tells you it is too loud; a quiet minute is always allowed.',
      },
    ],
  },
];

/** Leo's plan review in the coming days: the family and his teacher invited, and what they want to talk about. */
const PLAN_REVIEW = {
  child: 'leo', by: 'slp', inDays: 3, time: '17:30', minutes: 60, placeNote: 'Meeting room, first floor',
  invitees: ['ot', 'diego', 'laura', 'teacher'], answers: { ot: 'yes', diego: 'yes', teacher: 'yes' } as Record<string, 'yes' | 'no'>,
  agenda: [
    { by: 'diego', daysAgo: 3, text: 'Mornings before school', detail: 'Getting out of the door on school days is still our hardest time. What could we change?' },
    { by: 'laura', daysAgo: 2, text: 'The shoes goal', detail: 'Leo puts on his velcro shoes by himself at my house most days now. Can we agree on this goal?' },
    { by: 'teacher', daysAgo: 2, text: 'Calm-down corner at school', detail: 'He goes there on his own now. I would like to talk about circle time next.' },
    { by: 'slp', daysAgo: 1, text: 'From two words to three', detail: 'Leo is ready to hear three-word models at snack time; let’s agree on how we all say them.' },
  ],
};

/** The Saturday home visit Leo's mum asks to move to the morning (she wrote about it the day before). */
const HOME_VISIT = {
  child: 'leo', by: 'slp', kind: 'parent_coaching' as const, place: 'home' as const, placeNote: 'Mum’s home', time: '14:00', minutes: 60,
  invitees: ['laura'], askedBy: 'laura', household: "Mum's home",
  /** After swimming on Saturday, or Sunday morning: days after the visit's date. */
  proposals: [{ days: 0, time: '11:30' }, { days: 1, time: '10:00' }],
};

type DemoEvent = {
  by: string; role: 'admin' | 'therapist'; createdDaysAgo: number; day: Weekday; fromDays: number; request: Omit<EventRequest, 'date'>;
  rsvps: { by: string; answer: 'yes' | 'no' | 'maybe'; adults: number; children: number; interpreter?: string; daysAgo: number }[];
};

const EVENTS: DemoEvent[] = [
  {
    by: 'admin', role: 'admin', createdDaysAgo: 6, day: 'TH', fromDays: 8,
    request: {
      kind: 'workshop', title: 'Calmer mornings (Mañanas más tranquilas): a workshop for parents and carers', time: '18:30', durationMinutes: 90, place: 'address',
      placeNote: "Sunrise Children's Therapy, 120 Lake Street, big group room (ground floor)",
      description: 'Mornings before school are hard in many homes. Olivia Chen (occupational therapy) and Sam Rivera (speech therapy) share simple ideas that other families found helpful.\n\n**What we will talk about**\n\n- a picture schedule for the morning\n- “first, then” and five-minute warnings\n- belly breathing when feelings get big\n\nThere is time for your questions, and tea and snacks. Children are welcome in the playroom with our team while you are in the workshop.\n\nIf you would like an interpreter, tell us when you answer and we will book one.\n\n**En español:** un taller para madres, padres y cuidadores sobre cómo hacer más tranquilas las mañanas antes de la escuela. Si necesita intérprete, indíquelo al responder y lo reservamos.',
      audience: { kind: 'all' }, capacity: 30, askInterpreter: true,
    },
    rsvps: [
      { by: 'diego', answer: 'yes', adults: 1, children: 0, daysAgo: 5 },
      { by: 'carmen', answer: 'yes', adults: 2, children: 1, interpreter: 'es', daysAgo: 4 },
      { by: 'laura', answer: 'yes', adults: 1, children: 0, daysAgo: 3 },
      { by: 'mariam', answer: 'yes', adults: 2, children: 2, interpreter: 'ar', daysAgo: 3 },
      { by: 'lan', answer: 'yes', adults: 1, children: 1, interpreter: 'vi', daysAgo: 2 },
      { by: 'keisha', answer: 'maybe', adults: 1, children: 0, daysAgo: 2 },
    ],
  },
  {
    by: 'slp', role: 'therapist', createdDaysAgo: 3, day: 'SA', fromDays: 15,
    request: {
      kind: 'performance', title: 'Sing-along and art show (Canciones y dibujos) by our speech groups', time: '10:30', durationMinutes: 60, place: 'address',
      placeNote: "Sunrise Children's Therapy, 120 Lake Street, playroom",
      description: 'The children in our speech groups have been practising songs, in English and in Spanish, and making pictures to show you.\n\nEvery child takes part in their own way: singing, holding up a drawing, or simply waving from the front. All of it counts!\n\nBrothers, sisters and grandparents are very welcome. We finish with juice and cookies.\n\n**En español:** los niños cantarán canciones en inglés y en español y mostrarán sus dibujos. ¡Toda la familia es bienvenida!',
      audience: { kind: 'children', childIds: [] }, capacity: 60, askInterpreter: false,
    },
    rsvps: [
      { by: 'keisha', answer: 'yes', adults: 2, children: 2, daysAgo: 2 },
      { by: 'dorothy', answer: 'yes', adults: 1, children: 0, daysAgo: 2 },
      { by: 'carmen', answer: 'yes', adults: 3, children: 1, daysAgo: 1 },
      { by: 'laura', answer: 'yes', adults: 1, children: 1, daysAgo: 1 },
      { by: 'diego', answer: 'maybe', adults: 1, children: 0, daysAgo: 1 },
    ],
  },
];

/** The children of Sam's speech groups: the show's audience. */
const SHOW_CHILDREN = ['leo', 'ava', 'sofia'];

type Ctx = (actor: string, role: string) => AuditContext;

/** The sessions, their records, the plan review, the move request and the events, dated around `now`. */
export async function createSessionsAndEvents(tx: Tx, clinicId: string, zone: string, id: (key: string) => string, ctx: Ctx, now: Date): Promise<void> {
  const today = localDate(now, zone);
  const at = (date: string, time: string) => zonedInstant(date, time, zone);
  const notifications: Insertable<NotificationTable>[] = [];
  const read = (when: Date) => (when.getTime() < now.getTime() - 2 * DAY ? when : null);
  const tell = (userIds: readonly string[], kind: NotificationTable['kind'], childId: string | null, actor: string, when: Date, target: Record<string, string>, key: string) => {
    for (const u of userIds) {
      if (u === actor) continue;
      notifications.push({
        clinic_id: clinicId, user_id: u, kind, child_id: childId, actor_id: actor, target: JSON.stringify(target), dedupe_key: key,
        created_at: when, updated_at: when, read_at: read(when), channel: 'email', email_state: 'none',
      });
    }
  };

  /** Schedules as the therapist would have, a week before the first session, and dates the rows then. */
  const schedule = async (child: string, by: string, body: CreateSessionRequest, scheduledAt: Date): Promise<SessionRow[]> => {
    const access = (await loadChildAccess(tx, id(by), [id(child)])).get(id(child));
    if (!access) throw new Error(`demo: ${by} is not on ${child}'s team`);
    const { seriesId, rows } = await scheduleSessions(tx, access, id(by), body, zone, scheduledAt);
    const ids = rows.map((r) => r.id);
    // The service stamps creation with the database's clock; the demo's is `scheduledAt`.
    await sql`UPDATE therapy_session SET created_at = ${scheduledAt}, updated_at = ${scheduledAt} WHERE id = ANY(${ids}::uuid[])`.execute(tx);
    await sql`UPDATE session_invitee SET created_at = ${scheduledAt} WHERE session_id = ANY(${ids}::uuid[])`.execute(tx);
    if (seriesId) await sql`UPDATE session_series SET created_at = ${scheduledAt}, updated_at = ${scheduledAt} WHERE id = ${seriesId}`.execute(tx);
    const first = rows[0];
    if (!first) throw new Error('demo: a schedule with no session');
    await recordAudit(tx, ctx(by, 'therapist'), {
      action: 'session.create', childId: id(child), clinicId, subjectType: seriesId ? 'session_series' : 'session', subjectId: seriesId ?? first.id,
      details: { kind: body.kind, occurrences: rows.length, demo: true },
    });
    return rows.map((r) => ({ ...r, created_at: scheduledAt, updated_at: scheduledAt }));
  };

  const familyOf = async (childId: string) => tx.selectFrom('care_team_member').select(['user_id', 'role', 'permissions'])
    .where('child_id', '=', childId).where('revoked_at', 'is', null).where('role', 'in', ['guardian', 'caregiver']).execute();

  const practiceIds = async (childId: string, titles: readonly string[] = []) => {
    if (titles.length === 0) return [];
    const rows = await tx.selectFrom('practice_item').select(['id', 'title']).where('child_id', '=', childId).where('title', 'in', [...titles]).execute();
    if (rows.length !== titles.length) throw new Error(`demo: practice ${titles.join(', ')} not found`);
    return titles.map((t) => rows.find((r) => r.title === t)?.id ?? '');
  };
  const strategyIds = async (childId: string, keys: readonly string[] = []) => {
    if (keys.length === 0) return [];
    const rows = await tx.selectFrom('child_strategy as cs').innerJoin('strategy as s', 's.id', 'cs.strategy_id')
      .select(['cs.id', 's.starter_key', 's.content']).where('cs.child_id', '=', childId).execute();
    return keys.map((k) => {
      const row = rows.find((r) => r.starter_key === k || (k === 'shoes-chart' && r.starter_key === null));
      if (!row) throw new Error(`demo: strategy ${k} not found`);
      return row.id;
    });
  };

  // ---- each child's sessions, from three weeks back -----------------------------------------
  for (const s of SERIES) {
    const childId = id(s.child);
    const first = onOrAfter(addDays(today, -21), s.day);
    const scheduledAt = at(addDays(first, -7), '11:00');
    const rows = await schedule(s.child, s.by, {
      kind: s.kind, place: s.place, placeNote: s.placeNote, date: first, time: s.time, durationMinutes: s.minutes,
      recurrence: { rule: `FREQ=WEEKLY;${s.everyOtherWeek ? 'INTERVAL=2;' : ''}BYDAY=${s.day}`, until: null, count: null },
      invitees: s.invitees.map(id), familyInvited: s.familyInvited,
    }, scheduledAt);

    // The clinic was closed for a holiday one week: Sam told Leo's family ten days before today.
    const holiday = s.child === 'leo' && s.by === 'slp' ? rows.find((r) => {
      const d = localDate(r.starts_at, zone);
      return d >= addDays(today, -9) && d <= addDays(today, -3);
    }) : undefined;
    if (holiday) {
      const told = at(addDays(today, -10), '15:40');
      await tx.updateTable('therapy_session').set({
        status: 'cancelled', cancel_reason: 'The clinic is closed for the holiday.', cancelled_by: id(s.by), cancelled_at: told, version: 2, updated_at: told,
      }).where('id', '=', holiday.id).execute();
      await recordAudit(tx, ctx(s.by, 'therapist'), { action: 'session.cancel', childId, clinicId, subjectType: 'session', subjectId: holiday.id, details: { demo: true } });
    }

    // Past sessions (before today): who came, and the summary for the family, most recent first.
    const past = rows.filter((r) => r.id !== holiday?.id && localDate(r.starts_at, zone) < today).reverse();
    const family = await familyOf(childId);
    const invited = new Set(s.invitees.map(id));
    for (const [i, r] of past.entries()) {
      const summary = s.summaries[i];
      const companion = s.came[Math.min(i, s.came.length - 1)] ?? s.came[0];
      const writtenAt = new Date(r.starts_at.getTime() + r.duration_minutes * 60_000 + 2 * HOUR);
      // Whoever was invited by name and came had said so the day before.
      if (companion && invited.has(id(companion))) await saveResponse(tx, r.id, id(companion), 'yes', new Date(r.starts_at.getTime() - DAY));
      const { row } = await saveRecord(tx, r, {
        attendees: [id(s.by), ...(companion ? [id(companion)] : [])],
        workedOn: summary?.workedOn ?? '', wentWell: summary?.wentWell ?? '', toPractise: summary?.toPractise ?? '',
        practiceItemIds: await practiceIds(childId, summary?.practice), strategyIds: await strategyIds(childId, summary?.strategies),
      }, { userId: id(s.by), locale: s.language }, writtenAt);
      await recordAudit(tx, ctx(s.by, 'therapist'), { action: 'session.record', childId, clinicId, subjectType: 'session', subjectId: r.id, details: { version: row.version, demo: true } });
      if (summary?.note) {
        await writeNote(tx, r, undefined, summary.note, id(s.by), writtenAt);
        await recordAudit(tx, ctx(s.by, 'therapist'), { action: 'session.clinical_note', childId, clinicId, subjectType: 'session', subjectId: r.id, details: { version: 1, demo: true } });
      }
      if (summary) {
        // The family members who see the session hear that its summary is there.
        const readers = family.filter((m) => canSee(visibilityFor({ role: m.role as TeamRole, permissions: m.permissions as Permission[] }), r, invited.has(m.user_id))).map((m) => m.user_id);
        if (writtenAt.getTime() > now.getTime() - 10 * DAY) tell(readers, 'session_summary', childId, id(s.by), writtenAt, { sessionId: r.id }, `session-summary:${r.id}`);
      }
    }

    // The next session: who said they would join.
    const next = rows.find((r) => r.starts_at > now);
    if (next) {
      for (const who of s.nextYes ?? []) {
        await saveResponse(tx, next.id, id(who), 'yes', new Date(now.getTime() - 20 * HOUR));
        await recordAudit(tx, ctx(who, family.find((m) => m.user_id === id(who))?.role ?? 'guardian'), {
          action: 'session.respond', childId, clinicId, subjectType: 'session', subjectId: next.id, details: { response: 'yes', demo: true },
        });
      }
    }
  }

  // ---- Leo's plan review in the coming days -------------------------------------------------
  const p = PLAN_REVIEW;
  // Three days ahead, or the Monday after when that is a weekend; after everyone's sessions of the day.
  const reviewDate = onOrAfter(addDays(today, p.inDays), weekdayOf(addDays(today, p.inDays)) >= 5 ? 'MO' : WEEKDAYS[weekdayOf(addDays(today, p.inDays))] ?? 'MO');
  const [meeting] = await schedule(p.child, p.by, {
    kind: 'plan_review', place: 'clinic', placeNote: p.placeNote, date: reviewDate, time: p.time, durationMinutes: p.minutes, recurrence: null,
    invitees: p.invitees.map(id), familyInvited: true,
  }, at(addDays(today, -5), '09:30'));
  if (!meeting) throw new Error('demo: no plan review');
  for (const [who, answer] of Object.entries(p.answers)) await saveResponse(tx, meeting.id, id(who), answer, at(addDays(today, -4), '19:15'));
  const members = await tx.selectFrom('care_team_member').select(['user_id', 'role', 'household']).where('child_id', '=', id(p.child)).where('revoked_at', 'is', null).execute();
  for (const [i, point] of p.agenda.entries()) {
    const m = members.find((x) => x.user_id === id(point.by));
    if (!m) throw new Error(`demo: ${point.by} is not on the team`);
    const written = new Date(at(addDays(today, -point.daysAgo), '20:00').getTime() + i * 60_000);
    const row = await tx.insertInto('session_agenda_point').values({
      session_id: meeting.id, child_id: id(p.child), author_id: m.user_id, author_role: m.role, author_household: m.household,
      text: point.text, detail: point.detail, created_at: written, updated_at: written,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx(point.by, m.role), {
      action: 'meeting.agenda_add', childId: id(p.child), clinicId, subjectType: 'session_agenda_point', subjectId: row.id, details: { sessionId: meeting.id, demo: true },
    });
  }

  // ---- the home visit Leo's mum asks to move --------------------------------------------------
  const h = HOME_VISIT;
  const visitDate = onOrAfter(addDays(today, 2), 'SA');
  const [visit] = await schedule(h.child, h.by, {
    kind: h.kind, place: h.place, placeNote: h.placeNote, date: visitDate, time: h.time, durationMinutes: h.minutes, recurrence: null,
    invitees: h.invitees.map(id), familyInvited: false,
  }, at(addDays(today, -12), '10:15'));
  if (!visit) throw new Error('demo: no home visit');
  const asked = at(addDays(today, -1), '20:45');
  // She can't make the afternoon and proposes two mornings.
  await saveResponse(tx, visit.id, id(h.askedBy), 'no', new Date(asked.getTime() - 60_000));
  const times = h.proposals.map((x) => at(addDays(visitDate, x.days), x.time));
  const move = await insertMove(tx, {
    clinic_id: clinicId, child_id: id(h.child), session_id: visit.id, side: 'family', household: h.household, households: [], times, created_by: id(h.askedBy),
  }, asked);
  await recordChange(tx, { clinic_id: clinicId, child_id: id(h.child), session_id: visit.id, request_id: move.id, action: 'move_requested', actor_id: id(h.askedBy), household: h.household, times }, asked);
  await recordAudit(tx, ctx(h.askedBy, 'guardian'), {
    action: 'session.move_request', childId: id(h.child), clinicId, subjectType: 'session', subjectId: visit.id, details: { requestId: move.id, demo: true },
  });
  tell([id(h.by)], 'session_move_requested', id(h.child), id(h.askedBy), asked, { sessionId: visit.id }, `session-move-requested:${move.id}`);

  // ---- two family events, with the families' answers -----------------------------------------
  for (const e of EVENTS) {
    const created = at(addDays(today, -e.createdDaysAgo), '12:00');
    const childIds = e.request.audience.kind === 'children' ? SHOW_CHILDREN.map(id) : [];
    const audience = e.request.audience.kind === 'children' ? { kind: 'children' as const, childIds } : e.request.audience;
    const columns = { clinic_id: clinicId, ...eventColumns({ ...e.request, audience, date: onOrAfter(addDays(today, e.fromDays), e.day) }, zone) };
    const eventId = await insertEvent(tx, columns, childIds, id(e.by), created);
    await sql`UPDATE family_event SET created_at = ${created} WHERE id = ${eventId}`.execute(tx);
    await recordAudit(tx, ctx(e.by, e.role), { action: 'event.create', clinicId, subjectType: 'family_event', subjectId: eventId, details: { kind: e.request.kind, demo: true } });
    tell(await reachedBy(tx, columns, childIds), 'event_published', null, id(e.by), created, { eventId }, `event-published:${eventId}`);
    for (const r of e.rsvps) {
      const when = at(addDays(today, -r.daysAgo), '20:30');
      await saveRsvp(tx, eventId, id(r.by), { answer: r.answer, adults: r.adults, children: r.children, interpreter_language: r.interpreter ?? null }, when);
      await sql`UPDATE family_event_rsvp SET created_at = ${when} WHERE event_id = ${eventId} AND user_id = ${id(r.by)}`.execute(tx);
      await recordAudit(tx, ctx(r.by, r.by === 'dorothy' ? 'caregiver' : 'guardian'), { action: 'event.rsvp', clinicId, subjectType: 'family_event', subjectId: eventId, details: { answer: r.answer, demo: true } });
    }
  }

  // An answer to a session the family was invited to adds them as invitees: created when they answered.
  await sql`UPDATE session_invitee i SET created_at = i.responded_at FROM therapy_session s
    WHERE s.id = i.session_id AND s.clinic_id = ${clinicId} AND i.created_at > i.responded_at`.execute(tx);

  if (notifications.length > 0) await tx.insertInto('notification').values(notifications).onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing()).execute();
}
