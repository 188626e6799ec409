import type { TFunction } from 'i18next';
import type { ClinicRole, Permission, TeamRole, TherapyType } from '../api/types.ts';

// Exhaustive switches with literal keys: the compiler catches a new role without a label, and the
// locale test can see every key that is used.

export function teamRoleLabel(role: TeamRole, t: TFunction): string {
  switch (role) {
    case 'guardian':
      return t('roles.guardian');
    case 'caregiver':
      return t('roles.caregiver');
    case 'therapist':
      return t('roles.therapist');
    case 'teacher':
      return t('roles.teacher');
  }
}

export function teamRoleDescription(role: TeamRole, t: TFunction): string {
  switch (role) {
    case 'guardian':
      return t('roles.guardianHint');
    case 'caregiver':
      return t('roles.caregiverHint');
    case 'therapist':
      return t('roles.therapistHint');
    case 'teacher':
      return t('roles.teacherHint');
  }
}

export function clinicRoleLabel(role: ClinicRole, t: TFunction): string {
  switch (role) {
    case 'admin':
      return t('roles.admin');
    case 'therapist':
      return t('roles.therapist');
  }
}

/** Any role a person can hold, clinic or team; an unknown code is shown as it is. */
export function anyRoleLabel(role: string, t: TFunction): string {
  switch (role) {
    case 'admin':
      return clinicRoleLabel(role, t);
    case 'guardian':
    case 'caregiver':
    case 'therapist':
    case 'teacher':
      return teamRoleLabel(role, t);
    default:
      return role;
  }
}

export const ROLE_COLORS: Record<TeamRole, string> = {
  guardian: 'care',
  caregiver: 'grape',
  therapist: 'indigo',
  teacher: 'cyan',
};

/** Every therapy type, in the order the forms list them. */
export const THERAPY_TYPES: readonly TherapyType[] = ['speech', 'occupational', 'physical', 'play', 'cbt', 'aba', 'feeding', 'other'];

export function therapyTypeLabel(type: TherapyType, t: TFunction): string {
  switch (type) {
    case 'speech':
      return t('therapy.speech');
    case 'occupational':
      return t('therapy.occupational');
    case 'physical':
      return t('therapy.physical');
    case 'play':
      return t('therapy.play');
    case 'cbt':
      return t('therapy.cbt');
    case 'aba':
      return t('therapy.aba');
    case 'feeding':
      return t('therapy.feeding');
    case 'other':
      return t('therapy.other');
  }
}

export function permissionLabel(permission: Permission, t: TFunction): string {
  switch (permission) {
    case 'child.view':
      return t('permissions.childView');
    case 'profile.edit':
      return t('permissions.profileEdit');
    case 'team.view':
      return t('permissions.teamView');
    case 'team.contacts':
      return t('permissions.teamContacts');
    case 'team.manage':
      return t('permissions.teamManage');
    case 'consent.grant':
      return t('permissions.consentGrant');
    case 'plan.view':
      return t('permissions.planView');
    case 'plan.agree':
      return t('permissions.planAgree');
    case 'plan.edit':
      return t('permissions.planEdit');
    case 'plan.measure':
      return t('permissions.planMeasure');
    case 'practice.view':
      return t('permissions.practiceView');
    case 'practice.log':
      return t('permissions.practiceLog');
    case 'journal.view':
      return t('permissions.journalView');
    case 'journal.write':
      return t('permissions.journalWrite');
    case 'messages.team':
      return t('permissions.messagesTeam');
    case 'messages.send':
      return t('permissions.messagesSend');
    case 'sessions.view':
      return t('permissions.sessionsView');
    case 'sessions.respond':
      return t('permissions.sessionsRespond');
    case 'sessions.manage':
      return t('permissions.sessionsManage');
    case 'sessions.clinical_note':
      return t('sessionRecord.permissionLabel');
    case 'record.export':
      return t('permissions.recordExport');
  }
}
