import { Badge, Button, DataList, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarStats, IconHeartHandshake, IconPencil } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Child, UpdateChildRequest } from '../api/types.ts';
import { ChildForm, childFormValues, childRequest } from '../features/children/child-form.tsx';
import { ChildCelebrations } from '../features/milestones/child-celebrations.tsx';
import { DigestNoteCard } from '../features/digests/digest-note-card.tsx';
import { ageInYears, formatDate, listFormat, typedLanguageName } from '../lib/format.ts';
import { therapyTypeLabel } from '../lib/roles.ts';
import { can, childName, useChild } from './child-page.tsx';
import { useMe } from './authed-layout.tsx';
import { toast } from '../lib/toast.ts';
import { DischargeCard } from '../features/children/discharge.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg">
      <Stack gap="md">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function Value({ text }: { text: string }) {
  const { t } = useTranslation();
  return text.trim() ? (
    <Text className="prewrap">{text}</Text>
  ) : (
    <Text c="dimmed" fs="italic">
      {t('child.notShared')}
    </Text>
  );
}

export function ChildOverviewTab() {
  const { t } = useTranslation();
  const child = useChild();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const wide = useMediaQuery('(min-width: 48em)', true);

  const mutation = useMutation({
    mutationFn: (body: UpdateChildRequest) =>
      api<Child>(`/api/children/${encodeURIComponent(child.id)}`, { method: 'PATCH', body }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.child(child.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.children, exact: true });
      setEditing(false);
      toast(t('child.profileSaved'));
    },
  });

  if (editing) {
    return (
      <Stack gap="md">
        <Title order={2}>{t('child.editProfileTitle', { name: child.firstName })}</Title>
        <ChildForm
          initialValues={childFormValues(child, me.clinics[0]?.timeZone ?? 'UTC')}
          submitLabel={t('common.saveChanges')}
          pending={mutation.isPending}
          onCancel={() => setEditing(false)}
          onSubmit={(values) => {
            const body: UpdateChildRequest = { ...childRequest(values), birthDate: values.birthDate || null };
            return mutation.mutateAsync(body);
          }}
        />
      </Stack>
    );
  }

  const age = child.birthDate ? ageInYears(child.birthDate) : null;
  const profileEmpty =
    child.profile.languages.length === 0 &&
    !child.profile.cultureValues.trim() &&
    !child.profile.routines.trim() &&
    !child.profile.motivators.trim();
  const invitePrompt = profileEmpty && can(child, 'profile.edit') && child.myRole === 'guardian';
  const orientation = wide ? 'horizontal' : 'vertical';
  const { profile } = child;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={2}>{t('child.overviewTitle')}</Title>
        <Group gap="sm">
        {can(child, 'journal.view') && can(child, 'practice.view') ? (
          <Button
            variant="default"
            leftSection={<IconCalendarStats size={18} aria-hidden />}
            renderRoot={(props) => <Link {...props} to="/children/$childId/since" params={{ childId: child.id }} />}
          >
            {t('since.open')}
          </Button>
        ) : null}
        {can(child, 'profile.edit') ? (
          <Button
            variant="light"
            leftSection={<IconPencil size={18} aria-hidden />}
            onClick={() => setEditing(true)}
            aria-label={t('child.editProfileFor', { name: childName(child) })}
          >
            {t('child.editProfile')}
          </Button>
        ) : null}
        </Group>
      </Group>

      <ChildCelebrations child={child} />

      {child.myRole === 'therapist' && can(child, 'plan.edit') ? <DigestNoteCard child={child} /> : null}

      {invitePrompt ? (
        <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" bg="care.0" style={{ border: '1px solid var(--mantine-color-care-2)' }}>
          <Group gap="md" wrap="nowrap" align="flex-start">
            <IconHeartHandshake size={28} aria-hidden color="var(--mantine-color-care-7)" style={{ flexShrink: 0 }} />
            <Stack gap="sm" align="flex-start">
              <Text fw={650}>{t('child.profilePromptTitle', { name: child.firstName })}</Text>
              <Text>{t('child.profilePromptBody', { name: child.firstName })}</Text>
              <Button onClick={() => setEditing(true)}>{t('child.profilePromptAction')}</Button>
            </Stack>
          </Group>
        </Paper>
      ) : null}

      <Section title={t('child.aboutTitle', { name: child.firstName })}>
        <DataList orientation={orientation} labelWidth={250} size="md" withDivider>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.birthDate')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {child.birthDate ? (
                <Text>
                  {formatDate(child.birthDate)}
                  {age !== null ? ` · ${t('child.age', { count: age })}` : ''}
                </Text>
              ) : (
                <Value text="" />
              )}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.pronouns')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={child.pronouns} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.therapyTypes')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {child.therapyTypes.length > 0 ? (
                <Group gap={6}>
                  {child.therapyTypes.map((type) => (
                    <Badge key={type} variant="light" color="care" size="lg" tt="none" fw={550}>
                      {therapyTypeLabel(type, t)}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Value text="" />
              )}
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Section>

      <Section title={t('childForm.familyProfile')}>
        <DataList orientation={orientation} labelWidth={250} size="md" withDivider>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.languages')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={profile.languages.length > 0 ? listFormat(profile.languages.map((l) => typedLanguageName(l))) : ''} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.cultureValues')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={profile.cultureValues} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.routines')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={profile.routines} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.motivators', { name: child.firstName })}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={profile.motivators} />
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Section>

      <Section title={t('childForm.contact')}>
        <DataList orientation={orientation} labelWidth={250} size="md" withDivider>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.contactChannel')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Text>{profile.contactChannel === 'email' ? t('childForm.channelEmail') : profile.contactChannel === 'sms' ? t('childForm.channelSms') : t('childForm.channelInApp')}</Text>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.contactHours')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={profile.contactHours} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('childForm.timeZone')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Value text={profile.timeZone.replaceAll('_', ' ')} />
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Section>

      <DischargeCard child={child} />
    </Stack>
  );
}
