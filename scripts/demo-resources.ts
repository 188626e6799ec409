// The demo clinic's resources for families and the families' own view of progress, dated around
// `now`: CareTeam's starter articles given to each family with a note, opened (or not yet) and
// marked helpful; and, before Leo's plan review in the coming days, his parents' ratings of how
// his goals are going, which the therapist asked for.
import { recordAudit, type AuditContext } from '../src/server/access/audit.ts';
import type { Tx } from '../src/server/db/database.ts';

type Ctx = (actor: string, role: string) => AuditContext;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Given = {
  child: string; by: string; starter: string; daysAgo: number; note: string;
  readers: { who: string; daysAgo: number; times: number; helpful: boolean | null }[];
};

const GIVEN: Given[] = [
  {
    child: 'leo', by: 'ot', starter: 'calm-down-at-home', daysAgo: 11, note: 'The calm corner idea is the one we use in session: his dinosaur can live there at home too.',
    readers: [{ who: 'laura', daysAgo: 10, times: 3, helpful: true }, { who: 'diego', daysAgo: 9, times: 1, helpful: null }],
  },
  {
    child: 'leo', by: 'slp', starter: 'talking-with-school', daysAgo: 3, note: 'Before you see Ms Park next week: the part about one small step is the most useful.',
    readers: [{ who: 'diego', daysAgo: 2, times: 1, helpful: true }],
  },
  { child: 'ava', by: 'slp', starter: 'practice-in-daily-life', daysAgo: 6, note: 'Story time at bedtime already counts as practice!', readers: [{ who: 'keisha', daysAgo: 5, times: 2, helpful: true }] },
  { child: 'noah', by: 'ot', starter: 'caring-for-yourself', daysAgo: 4, note: 'For you and Grandma Dorothy: you are doing so much.', readers: [] },
  {
    child: 'sofia', by: 'slp', starter: 'new-routine', daysAgo: 8, note: 'Para el cambio de clase en enero: empiecen con las fotos de la escuela nueva.',
    readers: [{ who: 'carmen', daysAgo: 7, times: 2, helpful: true }],
  },
  { child: 'bao', by: 'ot', starter: 'practice-in-daily-life', daysAgo: 9, note: 'Mealtimes count as practice too: the part about small steps fits Bảo well.', readers: [{ who: 'lan', daysAgo: 8, times: 2, helpful: true }] },
  { child: 'yousef', by: 'slp', starter: 'talking-with-school', daysAgo: 5, note: 'For your meeting with Yousef’s teacher: you could bring this page along.', readers: [{ who: 'mariam', daysAgo: 4, times: 1, helpful: true }] },
  { child: 'yutong', by: 'ot', starter: 'calm-down-at-home', daysAgo: 6, note: 'The quiet space idea is what helps Yutong after busy outings.', readers: [{ who: 'fang', daysAgo: 5, times: 1, helpful: null }] },
];

type Rating = { who: string; goal: string; rating: 'much_better' | 'a_bit_better' | 'same' | 'worse'; comment: string; daysAgo: number };

const RATINGS: Rating[] = [
  { who: 'diego', goal: 'Tells us what he wants with two words', rating: 'much_better', comment: 'He asks for juice and the train every morning now.', daysAgo: 1 },
  { who: 'diego', goal: 'Calms down with belly breathing after a meltdown', rating: 'a_bit_better', comment: 'Works when he is tired, not yet when he is really upset.', daysAgo: 1 },
  { who: 'laura', goal: 'Tells us what he wants with two words', rating: 'a_bit_better', comment: 'More words at bath time, fewer when he is with other kids.', daysAgo: 2 },
  { who: 'laura', goal: 'Calms down with belly breathing after a meltdown', rating: 'same', comment: 'Mornings before school are still hard.', daysAgo: 2 },
];

export async function createResourcesAndRatings(tx: Tx, clinicId: string, id: (key: string) => string, ctx: Ctx, now: Date): Promise<void> {
  const ago = (days: number, hour = 0) => new Date(now.getTime() - days * DAY + hour * HOUR);
  for (const g of GIVEN) {
    const resource = await tx.selectFrom('resource').select('id').where('starter_key', '=', g.starter).executeTakeFirstOrThrow();
    const given = await tx.insertInto('child_resource').values({
      clinic_id: clinicId, child_id: id(g.child), resource_id: resource.id, note: g.note, assigned_by: id(g.by), assigned_at: ago(g.daysAgo, -3),
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx(g.by, 'therapist'), {
      action: 'child_resource.assign', childId: id(g.child), clinicId, subjectType: 'child_resource', subjectId: given.id, details: { resourceId: resource.id, demo: true },
    });
    for (const r of g.readers) {
      await tx.insertInto('child_resource_reader').values({
        child_resource_id: given.id, user_id: id(r.who), first_opened_at: ago(r.daysAgo, -2), last_opened_at: ago(Math.max(0, r.daysAgo - r.times + 1), -1), opened_count: r.times, helpful: r.helpful,
      }).execute();
    }
  }

  // Leo's parents rate his goals before the plan review: the ratings of the period since his last review.
  const leo = id('leo');
  const last = await tx.selectFrom('plan_review').select('id').where('child_id', '=', leo).orderBy('covered_until', 'desc').limit(1).executeTakeFirst();
  const asked = await tx.insertInto('goal_rating_request').values({
    clinic_id: clinicId, child_id: leo, after_review: last?.id ?? null, requested_by: id('slp'), requested_at: ago(4, -4),
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx('slp', 'therapist'), { action: 'goal_rating.request', childId: leo, clinicId, subjectType: 'goal_rating_request', subjectId: asked.id, details: { demo: true } });
  for (const r of RATINGS) {
    const goal = await tx.selectFrom('goal').select('id').where('child_id', '=', leo).where('statement', '=', r.goal).executeTakeFirstOrThrow();
    const when = ago(r.daysAgo, -5);
    const row = await tx.insertInto('goal_rating').values({
      clinic_id: clinicId, child_id: leo, goal_id: goal.id, user_id: id(r.who), after_review: last?.id ?? null, rating: r.rating, comment: r.comment, created_at: when, updated_at: when,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx(r.who, 'guardian'), { action: 'goal_rating.save', childId: leo, clinicId, subjectType: 'goal_rating', subjectId: row.id, details: { demo: true } });
  }
}
