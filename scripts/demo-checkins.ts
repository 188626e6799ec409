import type { Answers, Cadence, FormDefinition, Respondent } from '../src/contract/checkins.ts';
import type { Tx } from '../src/server/db/database.ts';
import { addDays, localDate } from '../src/server/features/children/calendar.ts';
import { occurrenceDays } from '../src/server/features/checkins/cadence.ts';
import { scoreOf } from '../src/server/features/checkins/scoring.ts';
import { zonedInstant } from '../src/server/features/practice/schedule.ts';

// Six months of check-ins for the demo children, dated back from the day the demo is loaded: the
// weekly home check-in from each of Leo's two homes, Ava's, Sofía's (in Spanish), Bảo's (in
// Vietnamese), Yousef's (in Arabic) and Yutong's (in Chinese), the school
// check-in from Leo's teacher, Diego's monthly well-being check, and the partnership check from
// every family of Sam's (four families: fewer than the five a summary needs, so it stays hidden). Families answer most weeks, with the odd
// week missed; the scores drift the right way with ups and downs. This week's weekly check-ins open
// today and wait on Today, unanswered.

const WEEKS = 26;

type Plan = {
  key: string; child: string; form: string; by: string; cadence: (todayWeekday: number) => Cadence; respondents: Respondent[] | ((id: (k: string) => string) => Respondent[]);
  /** Who answers each slot (slot key → person key), and the setting. */
  slots: { slot: (id: (k: string) => string) => string; who: string; setting: 'home' | 'school' }[];
  /** Answers for the n-th occurrence (0 the oldest) of `total`, or null for a week not answered. */
  answer: (n: number, total: number, slot: number) => Answers | null;
};

const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
/** A 1–5 answer drifting from `from` to `to` over the weeks, with a wobble. */
const drift = (n: number, total: number, from: number, to: number, wobble: number) =>
  Math.max(1, Math.min(5, Math.round(from + ((to - from) * n) / Math.max(total - 1, 1) + Math.sin(n * 1.7 + wobble) * 0.8)));
const skipped = (n: number, slot: number) => (n * 7 + slot * 3) % 9 === 4;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

const WORKED = [
  'The visual timer before bed.', 'Waiting five seconds at snack time before handing it over.', 'The first–then card for the tablet.',
  'Singing the tidy-up song.', 'Giving two choices for clothes in the morning.', '',
];
const HARD = ['Getting out of the door for school.', 'Dinner time: he wanted to leave the table.', 'A long car trip on Saturday.', '', 'Bath time after a busy day.'];
const TELL = ['', 'Grandma visited this weekend, so the routine was different.', '', 'He said a new word: “bubbles”!', ''];
const FUNCIONO = ['La tarjeta de «primero–después».', 'Esperar un momento antes de ayudarle.', 'Cantar mientras recogemos.', ''];
const DIFICIL = ['La hora del baño.', 'Salir de casa por la mañana.', '', 'El fin de semana con visitas.'];
const LAM_DUOC = ['Chơi với đồ ăn trước bữa tối.', 'Để một miếng nhỏ món mới cạnh bát cơm.', 'Cho Bảo giúp bà nội nhặt rau.', ''];
const KHO = ['Bữa tối có món cá.', 'Buổi sáng trước khi đi học.', '', 'Đi ăn nhà hàng cuối tuần.'];
const NHAN_CO = ['', 'Bà nội cũng chơi trò ngửi đồ ăn với Bảo.', '', 'Bảo đã liếm thử một miếng dưa hấu!', ''];
const NAJAH = ['أن أنتظر قليلًا قبل أن أساعده.', 'لعبة السيارات مع أخته.', 'أن نقول الكلمة معًا ببطء.', ''];
const SAAB = ['الصباح قبل المدرسة.', 'عندما لا يفهمه الأولاد في الحديقة.', '', 'زيارة الأقارب في نهاية الأسبوع.'];
const LIL_MUALIJ = ['', 'صار يطلب من الأولاد أن يلعبوا معه.', '', 'المعلّمة تقول إنه يتكلم أكثر في الصف.', ''];
const YOUYONG = ['每天剪五分钟吸管。', '出门前先戴好耳罩。', '吃饭前一起做三次深呼吸。', ''];
const NAN = ['周末去超市。', '早上穿袜子。', '', '学校午饭时间。'];
const XIANG_SHUO = ['', '外婆也每天陪她练习剪纸。', '', '她自己说“太吵了，我要休息一下”！', ''];
const SCHOOL_NOTE = ['Used the visual schedule at circle time without a prompt.', '', 'Found the calm-down corner on his own after break.', 'A tired day after swimming.'];

const weeklyHome = (worked: readonly string[], hard: readonly string[], tell: readonly string[], from: number, to: number) =>
  (n: number, total: number, slot: number): Answers | null => (skipped(n, slot) ? null : {
    sleep: drift(n, total, from, to, slot), mood: drift(n, total, from + 0.5, to, slot + 1), practice: drift(n, total, from - 0.5, to, slot + 2),
    worked: pick(worked, n + slot), hard: pick(hard, n + slot * 2), tellTherapist: pick(tell, n),
  });

const PLANS: Plan[] = [
  {
    key: 'leo-home', child: 'leo', form: 'weekly_home', by: 'slp', cadence: (d) => ({ kind: 'weekly', weekday: d }), respondents: [{ kind: 'households' }],
    slots: [{ slot: () => "household:Dad's home", who: 'diego', setting: 'home' }, { slot: () => "household:Mum's home", who: 'laura', setting: 'home' }],
    answer: weeklyHome(WORKED, HARD, TELL, 2.2, 4),
  },
  {
    key: 'leo-school', child: 'leo', form: 'school', by: 'ot', cadence: () => ({ kind: 'weekly', weekday: 5 }), respondents: [{ kind: 'teachers' }],
    slots: [{ slot: (id) => `user:${id('teacher')}`, who: 'teacher', setting: 'school' }],
    answer: (n, total) => (skipped(n, 2) ? null : {
      joinedIn: drift(n, total, 2, 4, 3), hardMoments: drift(n, total, 2, 3.6, 4), usedStrategies: n % 4 !== 1,
      hardestTime: pick(['arrival', 'changes', 'breaks', 'none'], n), note: pick(SCHOOL_NOTE, n),
    }),
  },
  {
    key: 'leo-wellbeing', child: 'leo', form: 'caregiver_wellbeing', by: 'slp', cadence: () => ({ kind: 'monthly', day: 1 }), respondents: (id) => [{ kind: 'person', userId: id('diego') }],
    slots: [{ slot: (id) => `user:${id('diego')}`, who: 'diego', setting: 'home' }],
    answer: (n, total) => ({
      overall: drift(n, total, 2, 4, 5), stress: drift(n, total, 4, 2, 6), supported: drift(n, total, 3, 4, 7), rest: drift(n, total, 2, 3, 8),
      note: n === total - 1 ? 'Better since the evenings got calmer.' : '',
    }),
  },
  {
    key: 'ava-home', child: 'ava', form: 'weekly_home', by: 'slp', cadence: () => ({ kind: 'weekly', weekday: 7 }), respondents: [{ kind: 'households' }],
    slots: [{ slot: () => 'household:Home', who: 'keisha', setting: 'home' }, { slot: () => "household:Grandma's house", who: 'dorothy', setting: 'home' }],
    answer: weeklyHome(['Practising the /s/ cards after lunch.', 'Reading the card set to her brother.', ''], HARD, TELL, 3, 4.4),
  },
  {
    key: 'sofia-home', child: 'sofia', form: 'weekly_home', by: 'slp', cadence: (d) => ({ kind: 'weekly', weekday: d }), respondents: [{ kind: 'households' }],
    slots: [{ slot: () => 'household:Casa', who: 'carmen', setting: 'home' }],
    answer: weeklyHome(FUNCIONO, DIFICIL, ['', 'La abuela también practica por las tardes.', ''], 2, 4.2),
  },
  {
    key: 'bao-home', child: 'bao', form: 'weekly_home', by: 'ot', cadence: () => ({ kind: 'weekly', weekday: 7 }), respondents: [{ kind: 'households' }],
    slots: [{ slot: () => 'household:Nhà', who: 'lan', setting: 'home' }],
    answer: weeklyHome(LAM_DUOC, KHO, NHAN_CO, 2, 3.8),
  },
  {
    key: 'yousef-home', child: 'yousef', form: 'weekly_home', by: 'slp', cadence: (d) => ({ kind: 'weekly', weekday: d }), respondents: [{ kind: 'households' }],
    slots: [{ slot: () => 'household:البيت', who: 'mariam', setting: 'home' }],
    answer: weeklyHome(NAJAH, SAAB, LIL_MUALIJ, 2.5, 4.2),
  },
  {
    key: 'yutong-home', child: 'yutong', form: 'weekly_home', by: 'ot', cadence: () => ({ kind: 'weekly', weekday: 6 }), respondents: [{ kind: 'households' }],
    slots: [{ slot: () => 'household:家', who: 'fang', setting: 'home' }],
    answer: weeklyHome(YOUYONG, NAN, XIANG_SHUO, 2.2, 4),
  },
];

/** The partnership check, monthly, from each family of Sam's children. */
const PARTNERSHIP: { child: string; who: string }[] = [
  { child: 'leo', who: 'diego' }, { child: 'leo', who: 'laura' }, { child: 'ava', who: 'keisha' }, { child: 'sofia', who: 'carmen' }, { child: 'yousef', who: 'mariam' },
];

export async function createCheckins(tx: Tx, clinicId: string, zone: string, id: (key: string) => string, now: Date): Promise<void> {
  const today = localDate(now, zone);
  const start = addDays(today, -WEEKS * 7);
  const forms = new Map((await tx.selectFrom('checkin_form').select(['id', 'starter_key', 'definition']).where('clinic_id', 'is', null).execute())
    .map((f) => [f.starter_key ?? '', { id: f.id, def: f.definition as unknown as FormDefinition }]));
  const created = zonedInstant(start, '09:00', zone);
  const plans = [...PLANS, ...PARTNERSHIP.map((p): Plan => ({
    key: `partnership-${p.who}`, child: p.child, form: 'partnership', by: 'slp', cadence: () => ({ kind: 'monthly', day: 15 }), respondents: (id) => [{ kind: 'person', userId: id(p.who) }],
    slots: [{ slot: (id) => `user:${id(p.who)}`, who: p.who, setting: 'home' }],
    answer: (n, total) => ({ heard: drift(n, total, 3, 5, 1), knowWhat: drift(n, total, 3, 4, 2), fits: drift(n, total, 3, 4, 3) }),
  }))];
  for (const plan of plans) {
    const form = forms.get(plan.form);
    if (!form) throw new Error(`demo: no starter check-in ${plan.form}`);
    const cadence = plan.cadence(isoWeekday(today));
    const respondents = typeof plan.respondents === 'function' ? plan.respondents(id) : plan.respondents;
    const a = await tx.insertInto('checkin_assignment').values({
      clinic_id: clinicId, child_id: id(plan.child), form_id: form.id, cadence: JSON.stringify(cadence), respondents: JSON.stringify(respondents),
      starts_on: start, created_by: id(plan.by), created_at: created, updated_at: created, next_check_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    // Every occurrence before today's was answered (or missed); today's waits.
    const days = occurrenceDays({ cadence, startsOn: start, endedAt: null }, start, addDays(today, -1));
    const rows = days.flatMap((date, n) => plan.slots.flatMap((s, slot) => {
      const answers = plan.answer(n, days.length, slot);
      if (!answers) return [];
      const at = zonedInstant(date, `${19 + slot}:${String((n * 13) % 60).padStart(2, '0')}`, zone);
      const sent = at > now ? new Date(now.getTime() - 60_000) : at;
      const scored = scoreOf(form.def, answers);
      return [{
        clinic_id: clinicId, child_id: id(plan.child), assignment_id: a.id, form_id: form.id, privacy: form.def.privacy, therapist_id: id(plan.by),
        occurrence: date, due_date: date, slot: s.slot(id), respondent_id: id(s.who), setting: s.setting, answers: JSON.stringify(answers),
        score: scored.score, subscores: JSON.stringify(scored.subscores), status: 'submitted' as const, submitted_at: sent, created_at: sent, updated_at: sent,
      }];
    }));
    if (rows.length > 0) await tx.insertInto('checkin_response').values(rows).execute();
  }
}
