// The demo's "did it help?" logs: four months of each child's strategies used at home by the
// family, in therapy by the therapist who chose them, and at school by Leo's teacher, dated up to
// the day the demo is loaded. Most strategies help more as the weeks go by; Ava's wait time is
// slower to help at home, so the Support page shows a mixed picture too. Today is left open for
// most home strategies, so Today still asks "used it today?"; Leo's first–then is logged already.
import type { Insertable } from 'kysely';
import { localeOf, type Locale } from '../src/contract/locales.ts';
import type { Tx } from '../src/server/db/database.ts';
import type { StrategyUseTable } from '../src/server/db/schema.ts';
import { addDays, localDate } from '../src/server/features/children/calendar.ts';

const DAYS_BACK = 120;

/** A few things people wrote: the family in their language, therapists and the teacher in English. */
const HOME_NOTES: Partial<Record<Locale, readonly string[]>> = {
  en: ['He set the timer himself.', 'Worked once we said it calmly, twice.', 'Too tired tonight; it did not land.', 'Grandma used it at pick-up too.'],
  es: ['Lo hizo ella sola.', 'Funcionó después de repetirlo con calma.', 'Hoy estaba muy cansada.'],
  vi: ['Bảo tự chọn món trên đĩa nhỏ.', 'Hôm nay bé mệt, không hiệu quả lắm.', 'Bà nội cũng làm theo cách này.'],
  ar: ['جرّبناها في الحديقة ونجحت.', 'كان متعبًا اليوم فلم تنفع كثيرًا.', 'أبوه استعملها أيضًا وقت العشاء.'],
  zh: ['去超市前先戴好耳罩，效果很好。', '今天太累了，不太管用。', '外婆也这样做了。'],
};
const THERAPY_NOTES = ['Used at the start of the session; settled quickly.', 'Needed a visual as well today.'];
const SCHOOL_NOTES = ['Before lining up for lunch; he waited calmly.', 'Used it at circle time.', 'Busy day in class; it helped a little.'];

/** How likely it helped on a day, from the first day (0) to today (1): better as the weeks go by. */
const helpedChance = (progress: number, slow: boolean) => (slow ? 0.25 + 0.2 * progress : 0.35 + 0.4 * progress);

export async function createStrategyUse(tx: Tx, clinicId: string, timeZone: string, at: Date): Promise<void> {
  const now = at.getTime();
  const today = localDate(at, timeZone);
  let seed = 11;
  // A small repeatable generator: the demo looks the same every time it is loaded.
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const attached = await tx.selectFrom('child_strategy as cs')
    .innerJoin('strategy as s', 's.id', 'cs.strategy_id')
    .select(['cs.child_id', 'cs.strategy_id', 'cs.settings', 'cs.created_by', 's.starter_key'])
    .where('cs.clinic_id', '=', clinicId).orderBy('cs.created_at').orderBy('cs.id').execute();
  const members = await tx.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select(['m.child_id', 'm.user_id', 'm.role', 'u.locale'])
    .where('m.clinic_id', '=', clinicId).where('m.revoked_at', 'is', null).orderBy('m.created_at').execute();

  const rows: Insertable<StrategyUseTable>[] = [];
  for (const [index, s] of attached.entries()) {
    const team = members.filter((m) => m.child_id === s.child_id);
    const family = team.filter((m) => m.role === 'guardian' || m.role === 'caregiver');
    const teacher = team.find((m) => m.role === 'teacher');
    const slow = s.starter_key === 'wait-time';
    // Today, only Leo's first–then is logged at home (so Today shows both states).
    const homeToday = s.starter_key === 'first-then';
    for (let back = DAYS_BACK; back >= 0; back -= 1) {
      const date = addDays(today, -back);
      const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
      const progress = 1 - back / DAYS_BACK;
      const log = (by: string, role: StrategyUseTable['logger_role'], setting: StrategyUseTable['setting'], pool: readonly string[]) => {
        const r = random();
        const chance = helpedChance(progress, slow && setting === 'home');
        const helped = r < chance ? 'yes' : r < chance + 0.3 ? 'a_bit' : 'no';
        const note = random() < 0.1 ? (pool[Math.floor(random() * pool.length)] ?? '') : '';
        // School and therapy in the day, home in the evening (Chicago), never after the demo's moment.
        const hour = setting === 'home' ? 25 : 16;
        const created = new Date(Math.min(now - 60_000, Date.parse(`${date}T00:00:00Z`) + (hour + Math.floor(random() * 3)) * 3_600_000));
        rows.push({ clinic_id: clinicId, child_id: s.child_id, strategy_id: s.strategy_id, used_on: date, setting, helped, note, logged_by: by, logger_role: role, created_at: created });
      };
      if (s.settings.includes('home') && family.length > 0 && (back === 0 ? homeToday : random() < 0.55)) {
        const who = family[Math.floor(random() * family.length)] ?? family[0];
        if (who) log(who.user_id, who.role === 'caregiver' ? 'caregiver' : 'guardian', 'home', HOME_NOTES[localeOf(who.locale)] ?? []);
      }
      // The therapist's weekly session, on a weekday of their own.
      if (s.settings.includes('therapy') && back > 0 && weekday === index % 5) log(s.created_by, 'therapist', 'therapy', THERAPY_NOTES);
      if (s.settings.includes('school') && teacher && back > 0 && weekday < 5 && random() < 0.6) log(teacher.user_id, 'teacher', 'school', SCHOOL_NOTES);
    }
  }
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('strategy_use').values(rows.slice(i, i + 500)).execute();
}
