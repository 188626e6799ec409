// The SQL of the FHIR export: a child's record read for one reader, each part only when asked for
// (the service decides which, from the reader's permissions). Read-only; the tables are other
// features', read here in the shapes a FHIR resource needs.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export async function childRecord(db: Executor, childId: string) {
  return db.selectFrom('child as c').innerJoin('clinic as k', 'k.id', 'c.clinic_id')
    .select(['c.id', 'c.clinic_id', 'c.first_name', 'c.last_name', 'c.birth_date', 'c.languages', 'c.updated_at', 'k.name as clinic'])
    .where('c.id', '=', childId).executeTakeFirstOrThrow();
}

/** The child's team as it is now: who, in which role, with their email. */
export async function teamOf(db: Executor, childId: string) {
  return db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'm.role', 'm.created_at', 'u.name', 'u.email'])
    .where('m.child_id', '=', childId).where('m.revoked_at', 'is', null)
    .orderBy('m.created_at').orderBy('m.id').execute();
}

export async function goalsOf(db: Executor, childId: string) {
  return db.selectFrom('goal')
    .select(['id', 'status', 'area', 'statement', 'measure', 'unit', 'baseline', 'target', 'lower_is_better', 'target_date', 'why_it_matters', 'agreed_at', 'created_at'])
    .where('child_id', '=', childId).orderBy('priority').orderBy('created_at').orderBy('id').execute();
}

export async function measurementsOf(db: Executor, childId: string) {
  return db.selectFrom('measurement').select(['id', 'goal_id', 'value', 'opportunities', 'measured_on', 'setting', 'note', 'created_at'])
    .where('child_id', '=', childId).orderBy('measured_on').orderBy('created_at').orderBy('id').execute();
}

export async function practiceOf(db: Executor, childId: string) {
  return db.selectFrom('practice_item').select(['id', 'status', 'title', 'goal_ids', 'steps', 'rule', 'times_per_week', 'minutes', 'start_date', 'end_date'])
    .where('child_id', '=', childId).orderBy('start_date').orderBy('id').execute();
}

export async function strategiesOf(db: Executor, childId: string) {
  return db.selectFrom('child_strategy as cs').innerJoin('strategy as s', 's.id', 'cs.strategy_id')
    .select(['cs.id', 'cs.settings', 'cs.note', 'cs.created_at', 's.content', 's.starter_key',
      sql<string[]>`coalesce(array(select g.goal_id from child_strategy_goal g where g.child_strategy_id = cs.id order by g.goal_id), '{}')`.as('goal_ids')])
    .where('cs.child_id', '=', childId).orderBy('cs.created_at').orderBy('cs.id').execute();
}

export async function sessionsOf(db: Executor, childId: string, reader: string) {
  return db.selectFrom('therapy_session as s')
    .select(['s.id', 's.kind', 's.place', 's.starts_at', 's.duration_minutes', 's.status', 's.created_by', 's.family_invited', 's.cancel_reason',
      sql<boolean>`exists (select 1 from session_invitee i where i.session_id = s.id and i.user_id = ${reader})`.as('invited')])
    .where('s.child_id', '=', childId).orderBy('s.starts_at').orderBy('s.id').execute();
}

/** The messages of these conversations, not withdrawn, oldest first, with their author's name. */
export async function messagesIn(db: Executor, conversationIds: readonly string[]) {
  if (conversationIds.length === 0) return [];
  return db.selectFrom('message as m').innerJoin('app_user as u', 'u.id', 'm.author_id').innerJoin('conversation as c', 'c.id', 'm.conversation_id')
    .select(['m.id', 'm.conversation_id', 'm.author_id', 'm.body', 'm.language', 'm.created_at', 'u.name as author', 'c.kind', 'c.title'])
    .where('m.conversation_id', 'in', [...conversationIds]).where('m.retracted_at', 'is', null)
    .orderBy('m.seq').execute();
}
