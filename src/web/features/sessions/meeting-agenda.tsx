import { Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { teamRoleLabel } from '../../lib/roles.ts';
import { toast } from '../../lib/toast.ts';
import { addAgendaPoint, changeAgendaPoint, meetingKeys, removeAgendaPoint, type AgendaPoint, type AgendaPointRequest, type Meeting } from './meetings.api.ts';

const TEXT_MAX = 200;
const DETAIL_MAX = 1000;

/** A point's words: a short sentence and an optional detail; the sentence is required. */
function PointForm({ initial, submitLabel, pending, onSubmit, onCancel }: {
  initial?: AgendaPointRequest;
  submitLabel: string;
  pending: boolean;
  onSubmit: (body: AgendaPointRequest) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial?.text ?? '');
  const [detail, setDetail] = useState(initial?.detail ?? '');
  const [missing, setMissing] = useState(false);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') {
          setMissing(true);
          return;
        }
        setMissing(false);
        void onSubmit({ text: text.trim(), detail: detail.trim() }).then(() => {
          if (!initial) {
            setText('');
            setDetail('');
          }
        }, () => undefined);
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('meetings.text')}
          description={t('meetings.textHint')}
          required
          maxLength={TEXT_MAX}
          value={text}
          error={missing && text.trim() === '' ? t('validation.required') : undefined}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Textarea label={t('meetings.detail')} autosize minRows={2} maxLength={DETAIL_MAX} value={detail} onChange={(e) => setDetail(e.currentTarget.value)} />
        <Group justify="flex-end" gap="sm">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('meetings.cancelEdit')}
            </Button>
          ) : null}
          <Button type="submit" loading={pending} leftSection={initial ? undefined : <IconPlus size={18} aria-hidden />}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function useAgendaWrite<T>(childId: string, sessionId: string, write: (arg: T) => Promise<Meeting>, done: 'meetings.saved' | 'meetings.edited' | 'meetings.removed') {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (meeting) => {
      queryClient.setQueryData(meetingKeys.one(childId, sessionId), meeting);
      toast(t(done));
    },
  });
}

/** One point: its words, who wrote it and their role; its author may change or remove it while the agenda is open. */
function PointItem({ childId, sessionId, point, editable }: { childId: string; sessionId: string; point: AgendaPoint; editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const change = useAgendaWrite(childId, sessionId, (body: AgendaPointRequest) => changeAgendaPoint(childId, sessionId, point.id, body), 'meetings.edited');
  const remove = useAgendaWrite(childId, sessionId, () => removeAgendaPoint(childId, sessionId, point.id), 'meetings.removed');
  return (
    <li className="meeting-point" data-testid="agenda-point">
      {editing ? (
        <Stack gap="xs">
          <Text fw={650}>{t('meetings.editTitle')}</Text>
          <PointForm
            initial={{ text: point.text, detail: point.detail }}
            submitLabel={t('meetings.saveEdit')}
            pending={change.isPending}
            onSubmit={async (body) => {
              await change.mutateAsync(body);
              setEditing(false);
            }}
            onCancel={() => setEditing(false)}
          />
          <ErrorAlert error={change.error} />
        </Stack>
      ) : (
        <Stack gap={4}>
          <Text fw={650} style={{ overflowWrap: 'anywhere' }}>
            {point.text}
          </Text>
          {point.detail ? (
            <Text size="sm" className="prewrap" style={{ overflowWrap: 'anywhere' }}>
              {point.detail}
            </Text>
          ) : null}
          <Text size="sm" c="dimmed">
            {t('meetings.by', { name: point.author.name, role: teamRoleLabel(point.author.role, t) })}
          </Text>
          {editable && point.mine ? (
            <Group gap="xs">
              <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} aria-label={t('meetings.editFor', { text: point.text })} onClick={() => setEditing(true)}>
                {t('meetings.edit')}
              </Button>
              <Button
                size="xs"
                variant="default"
                color="red"
                leftSection={<IconTrash size={14} aria-hidden />}
                aria-label={t('meetings.removeFor', { text: point.text })}
                loading={remove.isPending}
                onClick={() => remove.mutate(undefined)}
              >
                {t('meetings.remove')}
              </Button>
            </Group>
          ) : null}
          <ErrorAlert error={remove.error} />
        </Stack>
      )}
    </li>
  );
}

function PointList({ title, empty, points, childId, sessionId, editable }: { title: string; empty: string; points: AgendaPoint[]; childId: string; sessionId: string; editable: boolean }) {
  const id = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id}>
        {title}
      </Title>
      {points.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ul className="meeting-points">
          {points.map((p) => (
            <PointItem key={p.id} childId={childId} sessionId={sessionId} point={p} editable={editable} />
          ))}
        </ul>
      )}
    </Stack>
  );
}

/** The shared agenda: the family's points first ("what we want to talk about"), then the team's, and a form to add one. */
export function MeetingAgenda({ childId, meeting, isFamily }: { childId: string; meeting: Meeting; isFamily: boolean }) {
  const { t } = useTranslation();
  const sessionId = meeting.session.id;
  const add = useAgendaWrite(childId, sessionId, (body: AgendaPointRequest) => addAgendaPoint(childId, sessionId, body), 'meetings.saved');
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="meeting-agenda-title">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id="meeting-agenda-title">
            {t('meetings.agendaTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {meeting.started ? t(meeting.canAdd ? 'meetings.agendaClinician' : 'meetings.agendaClosed') : meeting.canAdd ? t('meetings.agendaLead') : null}
          </Text>
        </Stack>
        <PointList
          title={t(isFamily ? 'meetings.familyTitle' : 'meetings.familyTitleTeam')}
          empty={t('meetings.noFamilyPoints')}
          points={meeting.agenda.family}
          childId={childId}
          sessionId={sessionId}
          editable={meeting.canAdd}
        />
        <PointList title={t('meetings.teamTitle')} empty={t('meetings.noTeamPoints')} points={meeting.agenda.team} childId={childId} sessionId={sessionId} editable={meeting.canAdd} />
        {meeting.canAdd ? (
          <Stack gap="xs" component="section" aria-labelledby="meeting-add-title">
            <Title order={3} size="h4" id="meeting-add-title">
              {t('meetings.add')}
            </Title>
            <PointForm submitLabel={t('meetings.save')} pending={add.isPending} onSubmit={(body) => add.mutateAsync(body)} />
            <ErrorAlert error={add.error} />
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
