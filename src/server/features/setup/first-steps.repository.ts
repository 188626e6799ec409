import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** What the clinic has really done of its first steps, in one round trip. */
export async function firstStepsState(db: Executor, clinicId: string) {
  const { rows } = await sql<{ dismissed: boolean; therapists: boolean; child: boolean; family: boolean; goal: boolean; practice: boolean }>`
    select
      c.first_steps_dismissed_at is not null as dismissed,
      exists (select 1 from clinic_member cm where cm.clinic_id = c.id and cm.role = 'therapist')
        or exists (select 1 from invitation i where i.clinic_id = c.id and i.kind = 'clinician' and i.revoked_at is null) as therapists,
      exists (select 1 from child ch where ch.clinic_id = c.id) as child,
      exists (select 1 from care_team_member m where m.clinic_id = c.id and m.role = 'guardian' and m.revoked_at is null)
        or exists (select 1 from invitation i where i.clinic_id = c.id and i.kind = 'team' and i.team_role = 'guardian' and i.revoked_at is null) as family,
      exists (select 1 from goal g where g.clinic_id = c.id and g.status in ('agreed', 'met')) as goal,
      exists (select 1 from practice_item p where p.clinic_id = c.id) as practice
    from clinic c where c.id = ${clinicId}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`no clinic ${clinicId}`);
  return row;
}

export async function dismissFirstSteps(db: Executor, clinicId: string, at: Date) {
  await db.updateTable('clinic').set({ first_steps_dismissed_at: at }).where('id', '=', clinicId).where('first_steps_dismissed_at', 'is', null).execute();
}
