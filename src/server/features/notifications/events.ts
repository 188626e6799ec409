// Who hears about what: each feature calls one of these inside the transaction of its change.
// The audience is decided as the rest of the code decides access (team membership + permission),
// and notify() leaves out the person who did it.
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { notify, teamAudience } from './notify.ts';

type Goal = { id: string; child_id: string; clinic_id: string; version: number; settings: string[] };

/** A goal waits for the family's agreement: the guardians, who agree to the plan, hear of it. */
export async function notifyGoalProposed(deps: Deps, tx: Executor, goal: Goal, actorId: string): Promise<string[]> {
  return notify(deps, tx, {
    userIds: await teamAudience(tx, goal.child_id, 'plan.agree', ['guardian']), kind: 'goal_proposed',
    childId: goal.child_id, clinicId: goal.clinic_id, actorId, target: { goalId: goal.id }, dedupeKey: `goal-proposed:${goal.id}:${goal.version}`,
  });
}

/** The family agreed: the therapists who write the plan hear of it. */
export async function notifyGoalAgreed(deps: Deps, tx: Executor, goal: Goal, actorId: string): Promise<string[]> {
  return notify(deps, tx, {
    userIds: await teamAudience(tx, goal.child_id, 'plan.edit', ['therapist']), kind: 'goal_agreed',
    childId: goal.child_id, clinicId: goal.clinic_id, actorId, target: { goalId: goal.id }, dedupeKey: `goal-agreed:${goal.id}:${goal.version}`,
  });
}

/** A win or a goal met: everyone who reads the plan, a teacher only for school goals or wins of no goal. */
export async function notifyMilestone(deps: Deps, tx: Executor, m: { id: string; child_id: string; clinic_id: string; goal_id: string | null }, actorId: string): Promise<string[]> {
  const readers = await teamAudience(tx, m.child_id, 'plan.view', ['guardian', 'caregiver', 'therapist']);
  const goal = m.goal_id ? await tx.selectFrom('goal').select('settings').where('id', '=', m.goal_id).executeTakeFirst() : undefined;
  const teachers = !goal || goal.settings.includes('school') ? await teamAudience(tx, m.child_id, 'plan.view', ['teacher']) : [];
  return notify(deps, tx, {
    userIds: [...readers, ...teachers], kind: 'milestone', childId: m.child_id, clinicId: m.clinic_id, actorId,
    target: { milestoneId: m.id, ...(m.goal_id ? { goalId: m.goal_id } : {}) }, dedupeKey: `milestone:${m.id}`,
  });
}

/** New practice to do at home: the family members who see the practice. */
export async function notifyPracticeAssigned(deps: Deps, tx: Executor, item: { id: string; child_id: string; clinic_id: string }, actorId: string): Promise<string[]> {
  return notify(deps, tx, {
    userIds: await teamAudience(tx, item.child_id, 'practice.view', ['guardian', 'caregiver']), kind: 'practice_assigned',
    childId: item.child_id, clinicId: item.clinic_id, actorId, target: { itemId: item.id }, dedupeKey: `practice-assigned:${item.id}`,
  });
}

/** A journal entry flagged for the therapist: the therapists who may read it (never an entry only for parents). */
export async function notifyJournalFlagged(deps: Deps, tx: Executor, entry: { id: string; child_id: string; clinic_id: string; visibility: string }, actorId: string): Promise<string[]> {
  if (entry.visibility === 'guardians') return [];
  return notify(deps, tx, {
    userIds: await teamAudience(tx, entry.child_id, 'journal.view', ['therapist']), kind: 'journal_flagged',
    childId: entry.child_id, clinicId: entry.clinic_id, actorId, target: { entryId: entry.id }, dedupeKey: `journal-flagged:${entry.id}`,
  });
}

/** Someone accepted an invitation: the person who invited them, while they still see the team (or the clinic). */
export async function notifyInvitationAccepted(deps: Deps, tx: Executor, inv: { id: string; clinic_id: string; child_id: string | null; invited_by: string }, joinedId: string): Promise<string[]> {
  const stillThere = inv.child_id
    ? (await teamAudience(tx, inv.child_id, 'team.view')).includes(inv.invited_by)
      || Boolean(await tx.selectFrom('clinic_member').select('user_id').where('clinic_id', '=', inv.clinic_id).where('user_id', '=', inv.invited_by).where('role', '=', 'admin').executeTakeFirst())
    : Boolean(await tx.selectFrom('clinic_member').select('user_id').where('clinic_id', '=', inv.clinic_id).where('user_id', '=', inv.invited_by).executeTakeFirst());
  if (!stillThere) return [];
  return notify(deps, tx, {
    userIds: [inv.invited_by], kind: 'invitation_accepted', childId: inv.child_id, clinicId: inv.clinic_id, actorId: joinedId,
    target: { invitationId: inv.id }, dedupeKey: `invitation-accepted:${inv.id}`,
  });
}

/**
 * A family event was published (`people`: its audience's family members, each told once whatever
 * edits follow), changed or cancelled (`people`: those who answered it; one note per change). No
 * child is named: the notification links to the event.
 */
export async function notifyFamilyEvent(
  deps: Deps, tx: Executor, kind: 'event_published' | 'event_changed' | 'event_cancelled',
  e: { id: string; clinic_id: string; sequence: number }, people: readonly string[], actorId: string,
): Promise<string[]> {
  const dedupeKey = kind === 'event_published' ? `event-published:${e.id}` : `${kind}:${e.id}:${e.sequence}`;
  return notify(deps, tx, { userIds: people, kind, childId: null, clinicId: e.clinic_id, actorId, target: { eventId: e.id }, dedupeKey });
}

/**
 * A resource given to a family: the family members who may read the child's resources (plan.view).
 * The note names no resource: its title stays in the app, behind sign-in.
 */
export async function notifyResourceShared(deps: Deps, tx: Executor, given: { id: string; child_id: string; clinic_id: string }, actorId: string): Promise<string[]> {
  return notify(deps, tx, {
    userIds: await teamAudience(tx, given.child_id, 'plan.view', ['guardian', 'caregiver']), kind: 'resource_shared',
    childId: given.child_id, clinicId: given.clinic_id, actorId, target: { childResourceId: given.id }, dedupeKey: `resource-shared:${given.id}`,
  });
}
