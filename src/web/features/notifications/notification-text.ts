import type { TFunction } from 'i18next';
import type { Notification } from './notifications.api.ts';

/** One plain sentence in the reader's language: who did what for which child. */
export function notificationSentence(n: Notification, t: TFunction): string {
  const values = { actor: n.actorName ?? t('notifications.someone'), child: n.childName ?? t('notifications.aChild'), count: n.count };
  switch (n.kind) {
    case 'message':
      return t('notifications.sentence.message', values);
    case 'goal_proposed':
      return t('notifications.sentence.goal_proposed', values);
    case 'goal_agreed':
      return t('notifications.sentence.goal_agreed', values);
    case 'milestone':
      return n.target.goalId ? t('notifications.sentence.milestone_goal_met', values) : t('notifications.sentence.milestone', values);
    case 'practice_assigned':
      return t('notifications.sentence.practice_assigned', values);
    case 'journal_flagged':
      return t('notifications.sentence.journal_flagged', values);
    case 'invitation_accepted':
      return n.childId ? t('notifications.sentence.invitation_accepted', values) : t('notifications.sentence.invitation_accepted_clinic', values);
    case 'practice_reminder':
      return t('notifications.sentence.practice_reminder', values);
    case 'urgent_notice':
      return t('notifications.sentence.urgent_notice', values);
    case 'session_reminder':
    case 'session_scheduled':
    case 'session_cancelled':
    case 'session_move_requested':
    case 'session_moved':
    case 'session_move_offered':
    case 'session_move_declined':
    case 'session_cancelled_by_family':
      return t(`notifications.sentence.${n.kind}`, values);
    case 'session_summary':
      return t('notifications.sentence.session_summary', values);
    case 'event_published':
    case 'event_changed':
    case 'event_cancelled':
      return t(`notifications.sentence.${n.kind}`, values);
    case 'checkin_due':
    case 'checkin_wellbeing':
      return t(`notifications.sentence.${n.kind}`, values);
    case 'resource_shared':
      return t('notifications.sentence.resource_shared', values);
  }
}

/** Where the notification leads: the place in the app where the thing is; null for a notice read in place. */
export function notificationHref(n: Notification): string | null {
  const child = n.childId ? `/children/${encodeURIComponent(n.childId)}` : null;
  switch (n.kind) {
    case 'message':
      return child && `${child}/messages`;
    case 'goal_proposed':
    case 'goal_agreed':
      return child && `${child}/plan`;
    case 'milestone':
      return child && `${child}/wins`;
    case 'practice_assigned':
      return child && `${child}/practice`;
    case 'journal_flagged':
      return child && `${child}/journal`;
    case 'invitation_accepted':
      return child ? `${child}/team` : '/admin/clinicians';
    case 'practice_reminder':
      return '/today';
    case 'session_reminder':
    case 'session_scheduled':
    case 'session_cancelled':
      return child && `${child}/sessions`;
    case 'urgent_notice':
      return null;
    case 'session_move_requested':
    case 'session_moved':
    case 'session_move_offered':
    case 'session_move_declined':
    case 'session_cancelled_by_family':
    case 'session_summary':
      return child && `${child}/sessions`;
    case 'event_published':
    case 'event_changed':
    case 'event_cancelled':
      return n.target.eventId ? `/events/${encodeURIComponent(n.target.eventId)}` : '/events';
    case 'checkin_due':
      return child && n.target.assignmentId && n.target.occurrence
        ? `${child}/checkins/${encodeURIComponent(n.target.assignmentId)}/${encodeURIComponent(n.target.occurrence)}`
        : '/today';
    case 'checkin_wellbeing':
      return child && `${child}/plan`;
    case 'resource_shared':
      return child && (n.target.childResourceId ? `${child}/resources/${encodeURIComponent(n.target.childResourceId)}` : `${child}/resources`);
  }
}
