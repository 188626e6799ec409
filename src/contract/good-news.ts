import { z } from 'zod';
import { Id, IsoDate, Timestamp } from './common.ts';

// Good news, on purpose: the therapist's caseload flags a family that has heard nothing positive
// from the team (a win, a milestone, a good-news message) for two weeks, with the family's latest
// wins and the goals going well as a start for a short personal message.

/** Two weeks without a positive word from the team, and the family is flagged. */
export const GOOD_NEWS_AFTER_DAYS = 14;

export const GoodNewsFamily = z.object({
  childId: Id,
  firstName: z.string(),
  /** The team's last positive word (a win, a milestone, good news sent); null: none yet. */
  lastAt: Timestamp.nullable(),
  /** The newest wins and milestones of the last month, anyone's. */
  wins: z.array(z.object({ title: z.string(), happenedOn: IsoDate })),
  /** Goals going well lately (improving, or at their target). */
  goingWell: z.array(z.object({ goalId: Id, statement: z.string() })),
});

export const GoodNewsList = z.object({ families: z.array(GoodNewsFamily) });

/** The message just sent to the family, marked as good news. */
export const RecordGoodNewsRequest = z.strictObject({ messageId: Id });
export const GoodNewsRecorded = z.object({ id: Id, sentAt: Timestamp });
