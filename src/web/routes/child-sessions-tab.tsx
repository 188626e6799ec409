import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconCalendarPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../api/types.ts';
import { teamQuery } from '../api/queries.ts';
import { AppModal } from '../components/app-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { SessionCancel } from '../features/sessions/session-cancel.tsx';
import { SessionCard } from '../features/sessions/session-card.tsx';
import { CalendarFeedCard } from '../features/sessions/calendar-feed-card.tsx';
import { SessionIcsLink } from '../features/sessions/session-ics-link.tsx';
import { SessionMoveFamily } from '../features/sessions/session-move-family.tsx';
import { SessionMoveManage } from '../features/sessions/session-move-manage.tsx';
import { childSessionMovesQuery } from '../features/sessions/session-moves.api.ts';
import { SessionRecordSection } from '../features/sessions/session-record.tsx';
import { clinicalNotesQuery, sessionRecordsQuery } from '../features/sessions/session-record.api.ts';
import { childSessionsQuery, isPast, refreshSessions, scheduleSession, type CreateSessionRequest, type Session } from '../features/sessions/sessions.api.ts';
import { inRestrictedHousehold } from '../../contract/permissions.ts';
import { familyMayCancel } from '../../contract/session-values.ts';
import { toast } from '../lib/toast.ts';
import { useMe } from './authed-layout.tsx';
import { can, useChild } from './child-page.tsx';
import { lazyLater } from '../lib/lazy-later.ts';

// The new session's form loads when its dialog opens, or once the page is idle (see lazyLater).
const SessionForm = lazyLater(() => import('../features/sessions/session-form.tsx').then((m) => m.SessionForm));

function ScheduleSession({ child }: { child: Child }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: (body: CreateSessionRequest) => scheduleSession(child.id, body),
    onSuccess: async (created) => {
      await refreshSessions(queryClient);
      setOpen(false);
      toast(t('sessions.form.saved', { count: created.sessions.length }));
    },
  });
  return (
    <>
      <Button leftSection={<IconCalendarPlus size={18} aria-hidden />} onClick={() => setOpen(true)}>
        {t('sessions.schedule')}
      </Button>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('sessions.scheduleTitle', { name: child.firstName })}>
        {open ? <SessionForm child={child} pending={create.isPending} onSubmit={(body) => create.mutateAsync(body)} onCancel={() => setOpen(false)} /> : null}
      </AppModal>
    </>
  );
}

function SessionSection({ title, sessions, children }: { title: string; sessions: Session[]; children: (s: Session) => ReactNode }) {
  if (sessions.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={3}>
        {title}
      </Title>
      {sessions.map(children)}
    </Stack>
  );
}

/** The child's sessions: what is coming (with the family's answer) and what has been, and for the therapist, scheduling. */
export function ChildSessionsTab() {
  const { t } = useTranslation();
  const child = useChild();
  const query = useQuery(childSessionsQuery(child.id));
  const canManage = can(child, 'sessions.manage');
  const canRespond = can(child, 'sessions.respond');
  const team = useQuery({ ...teamQuery(child.id), enabled: canManage && can(child, 'team.view') });
  const moves = useQuery({ ...childSessionMovesQuery(child.id), enabled: can(child, 'sessions.view') });
  const movesOf = new Map((moves.data?.moves ?? []).map((m) => [m.sessionId, m]));
  const timeZone = useMe().user.timeZone ?? child.profile.timeZone;
  // Who answered what is the therapist's to read; a family member's own answer shows on its buttons.
  const names = new Map(canManage ? (team.data?.members ?? []).map((m) => [m.userId, m.name]) : []);
  // The family members a family invitation reaches (a restricted second household sees only what names them).
  const family = canManage
    ? (team.data?.members ?? []).filter((m) => (m.role === 'guardian' || m.role === 'caregiver') && !inRestrictedHousehold(m)).map((m) => m.userId)
    : [];
  const name = child.firstName;
  const sessions = query.data?.sessions ?? [];
  const now = Date.now();
  const upcoming = sessions.filter((s) => !isPast(s, now));
  const past = sessions.filter((s) => isPast(s, now)).reverse();
  // Every past session's record (and for clinicians its private note) in one read each, not one per card.
  const recorded = past.filter((s) => s.status === 'scheduled').map((s) => s.id);
  const canNote = can(child, 'sessions.clinical_note');
  const records = useQuery({ ...sessionRecordsQuery(child.id, recorded), enabled: recorded.length > 0 });
  const notes = useQuery({ ...clinicalNotesQuery(child.id, recorded), enabled: canNote && recorded.length > 0 });
  const recordOf = new Map((records.data?.records ?? []).map((r) => [r.sessionId, r]));
  const noteOf = new Map((notes.data?.notes ?? []).map((n) => [n.sessionId, n.note]));

  // The therapist answers requests to move and may cancel; a family member invited asks to move (a guardian may cancel).
  const cardActions = (s: Session) => {
    const requests = movesOf.get(s.id);
    if (canManage) {
      return (
        <>
          {requests ? <SessionMoveManage childId={child.id} session={s} moves={requests} names={names} timeZone={timeZone} /> : null}
          <SessionCancel childId={child.id} session={s} />
        </>
      );
    }
    if (!canRespond || s.myResponse === null) return null;
    return <SessionMoveFamily childId={child.id} session={s} moves={requests} timeZone={timeZone} canCancel={child.myRole === 'guardian' && familyMayCancel(s.kind)} />;
  };

  const card = (s: Session, future: boolean) => (
    <SessionCard
      key={s.id}
      childId={child.id}
      session={s}
      canRespond={canRespond && future}
      names={names}
      family={family}
      past={!future}
      actions={
        <Stack gap="sm">
          {future && s.status === 'scheduled' ? cardActions(s) : null}
          {!future && s.status === 'scheduled' ? (
            <SessionRecordSection
              childId={child.id}
              session={s}
              record={recordOf.get(s.id)}
              canManage={canManage}
              canNote={canNote}
              note={notes.data ? noteOf.get(s.id) ?? null : undefined}
              team={team.data?.members ?? []}
            />
          ) : null}
          {future && s.status === 'scheduled' ? <SessionIcsLink childId={child.id} session={s} /> : null}
        </Stack>
      }
    />
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 240px' }}>
          <Title order={2}>{t('sessions.tabTitle')}</Title>
          <Text c="dimmed" size="sm">
            {t('sessions.tabLead', { name })}
          </Text>
        </Stack>
        {canManage ? <ScheduleSession child={child} /> : null}
      </Group>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error ?? records.error ?? notes.error} />
      {query.data && sessions.length === 0 ? (
        <EmptyState
          icon={<IconCalendarEvent size={28} aria-hidden />}
          title={t(canManage ? 'sessions.empty.manageTitle' : 'sessions.empty.familyTitle')}
          description={t(canManage ? 'sessions.empty.manageBody' : 'sessions.empty.familyBody', { name })}
          order={3}
        />
      ) : null}
      <SessionSection title={t('sessions.upcoming')} sessions={upcoming}>
        {(s) => card(s, true)}
      </SessionSection>
      <SessionSection title={t('sessions.past')} sessions={past}>
        {(s) => card(s, false)}
      </SessionSection>
      <CalendarFeedCard />
    </Stack>
  );
}
