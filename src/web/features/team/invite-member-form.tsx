import { Button, NativeSelect, Radio, Stack, TextInput, Textarea } from '@mantine/core';
import { IconAdjustments } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { INVITE_PRESETS, INVITE_PRESET_IDS, type InvitePreset } from '../../../contract/permissions.ts';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Child, InviteTeamMemberRequest, Permission, TeamRole } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { currentLocale } from '../../i18n.ts';
import { APP_LOCALES, LOCALE_NAMES, isAppLocale, type AppLocale } from '../../lib/locale.ts';
import { ALWAYS_GRANTED, grantableFor } from '../../lib/permissions.ts';
import { teamRoleDescription, teamRoleLabel } from '../../lib/roles.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, isEmail, required } from '../../lib/validate.ts';
import { PermissionCheckboxes } from './permission-checkboxes.tsx';
import { FormActions } from '../../components/form-actions.tsx';

/** Roles this reader may invite: staff bring in family and colleagues; guardians may add the school. */
export function invitableRoles(child: Child, isStaff: boolean): TeamRole[] {
  const roles: TeamRole[] = ['guardian', 'caregiver'];
  if (isStaff) roles.push('therapist');
  if (child.abilities.includes('consent.grant') && child.myRole === 'guardian') roles.push('teacher');
  return roles;
}

/** The named choices: the family presets, and the school or an outside therapist where this reader may invite them. */
type Choice = InvitePreset | 'teacher' | 'therapist';

function choicesFor(roles: TeamRole[]): Choice[] {
  return [...INVITE_PRESET_IDS, ...roles.filter((r): r is 'teacher' | 'therapist' => r === 'teacher' || r === 'therapist')];
}

function choiceRole(choice: Choice): TeamRole {
  return choice === 'teacher' || choice === 'therapist' ? choice : INVITE_PRESETS[choice].role;
}

function choiceLabel(choice: Choice, t: TFunction): { label: string; hint: string } {
  switch (choice) {
    case 'fullGuardian':
      return { label: t('firstDay.presets.fullGuardian'), hint: t('firstDay.presets.fullGuardianHint') };
    case 'secondHousehold':
      return { label: t('firstDay.presets.secondHousehold'), hint: t('firstDay.presets.secondHouseholdHint') };
    case 'helper':
      return { label: t('firstDay.presets.helper'), hint: t('firstDay.presets.helperHint') };
    case 'teacher':
      return { label: t('firstDay.presets.teacher'), hint: t('firstDay.presets.teacherHint') };
    case 'therapist':
      return { label: t('firstDay.presets.therapist'), hint: t('firstDay.presets.therapistHint') };
  }
}

interface InviteValues {
  [key: string]: unknown;
  name: string;
  email: string;
  role: TeamRole;
  household: string;
  permissions: Permission[];
  consentNote: string;
  locale: AppLocale;
}

interface InviteMemberFormProps {
  child: Child;
  isStaff: boolean;
  pending: boolean;
  onSubmit: (body: InviteTeamMemberRequest) => Promise<unknown>;
  onCancel: () => void;
}

export function InviteMemberForm({ child, isStaff, pending, onSubmit, onCancel }: InviteMemberFormProps) {
  const { t } = useTranslation();
  const roles = invitableRoles(child, isStaff);
  const firstRole = roles[0] ?? 'guardian';
  const optionsFor = (role: TeamRole) => grantableFor(role, isStaff, child.abilities).filter((p) => p !== ALWAYS_GRANTED);
  const choices = choicesFor(roles);
  const [choice, setChoice] = useState<Choice>('fullGuardian');
  const [customise, setCustomise] = useState(false);
  const permissionsFor = (c: Choice) => {
    const options = optionsFor(choiceRole(c));
    return c === 'teacher' || c === 'therapist' ? options : options.filter((p) => (INVITE_PRESETS[c].permissions as readonly Permission[]).includes(p));
  };

  const form = useForm<InviteValues>({
    initialValues: {
      name: '',
      email: '',
      role: firstRole,
      household: '',
      permissions: permissionsFor('fullGuardian'),
      consentNote: '',
      locale: currentLocale(),
    },
    validate: {
      name: required(t),
      email: isEmail(t),
      consentNote: (value, values) => (values.role === 'teacher' && value.trim() === '' ? t('team.consentRequired') : null),
    },
  });
  const serverError = useServerError(form);
  const role = form.values.role;
  const options = optionsFor(role);
  const showHousehold = role === 'guardian' || role === 'caregiver';

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        const body: InviteTeamMemberRequest = {
          name: v.name.trim(),
          email: v.email.trim(),
          role: v.role,
          permissions: [ALWAYS_GRANTED, ...v.permissions.filter((p) => options.includes(p))],
          locale: v.locale,
          ...(showHousehold && v.household.trim() ? { household: v.household.trim() } : {}),
          ...(v.role === 'teacher' ? { consentNote: v.consentNote.trim() } : {}),
        };
        onSubmit(body).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={serverError.error} />
        <TextInput label={t('team.inviteName')} autoComplete="off" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label={t('team.inviteEmail')} type="email" autoComplete="off" required {...form.getInputProps('email')} />
        <Radio.Group
          label={t('firstDay.presetLabel')}
          required
          value={choice}
          onChange={(value) => {
            const next = choices.find((c) => c === value) ?? 'fullGuardian';
            setChoice(next);
            form.setFieldValue('role', choiceRole(next));
            form.setFieldValue('permissions', permissionsFor(next));
          }}
        >
          <Stack gap="sm" mt="xs">
            {choices.map((c) => (
              <Radio key={c} value={c} label={choiceLabel(c, t).label} description={choiceLabel(c, t).hint} />
            ))}
          </Stack>
        </Radio.Group>
        {showHousehold ? (
          <TextInput
            label={t('team.household')}
            description={t('team.householdHint')}
            autoComplete="off"
            {...form.getInputProps('household')}
          />
        ) : null}
        {role === 'teacher' ? (
          <Textarea
            label={t('team.consentNote')}
            description={t('team.consentNoteHint', { name: child.firstName })}
            required
            {...form.getInputProps('consentNote')}
          />
        ) : null}
        <Button
          variant="subtle"
          leftSection={<IconAdjustments size={18} aria-hidden />}
          onClick={() => setCustomise((v) => !v)}
          aria-expanded={customise}
          aria-controls="invite-customise"
          style={{ alignSelf: 'flex-start' }}
        >
          {customise ? t('firstDay.customiseHide') : t('firstDay.customise')}
        </Button>
        <div id="invite-customise">
          {customise ? (
            <Stack gap="md">
              <Radio.Group
                label={t('team.inviteRole')}
                {...form.getInputProps('role')}
                onChange={(value) => {
                  const next = roles.find((r) => r === value) ?? firstRole;
                  form.setFieldValue('role', next);
                  form.setFieldValue('permissions', optionsFor(next));
                }}
              >
                <Stack gap="sm" mt="xs">
                  {roles.map((r) => (
                    <Radio key={r} value={r} label={teamRoleLabel(r, t)} description={teamRoleDescription(r, t)} />
                  ))}
                </Stack>
              </Radio.Group>
              <PermissionCheckboxes
                label={t('team.limitAccess')}
                description={t('team.limitAccessHint')}
                options={options}
                value={form.values.permissions}
                onChange={(value) => form.setFieldValue('permissions', value)}
              />
            </Stack>
          ) : null}
        </div>
        <NativeSelect
          label={t('team.inviteLanguage')}
          data={APP_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          value={form.values.locale}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (isAppLocale(value)) form.setFieldValue('locale', value);
          }}
        />
        <FormActions onCancel={onCancel} pending={pending} submit={t('team.sendInvite')} />
      </Stack>
    </form>
  );
}
