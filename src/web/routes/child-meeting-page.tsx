import { Alert, Anchor, Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconClock, IconMapPin } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { goalsQuery } from '../api/queries.ts';
import { DocumentTitle } from '../components/page.tsx';
import { Around } from '../components/written.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { STATUS_COLORS, statusLabel } from '../features/plan/plan-text.ts';
import { MeetingAgenda } from '../features/sessions/meeting-agenda.tsx';
import { MeetingReviewSection } from '../features/sessions/meeting-review.tsx';
import { meetingQuery, type Meeting } from '../features/sessions/meetings.api.ts';
import '../features/sessions/sessions.css';
import { contentWords } from '../features/translation/content-text.tsx';
import type { Child, GoalStatus } from '../api/types.ts';
import { formatDuration, formatWallClock } from '../lib/format.ts';
import { teamRoleLabel } from '../lib/roles.ts';
import { can, childName, useChild } from './child-page.tsx';

/** When and where, on the reader's own clock. */
function MeetingHeader({ child, meeting }: { child: Child; meeting: Meeting }) {
  const { t } = useTranslation();
  const s = meeting.session;
  const { day, time } = formatWallClock(s.localStart);
  const place = t(`sessions.place.${s.place}`);
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {t('meetings.title', { kind: t(`sessions.kind.${s.kind}`), name: child.firstName })}
        </Title>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconClock size={18} aria-hidden style={{ flexShrink: 0, marginBlockStart: 3 }} />
          <Stack gap={0}>
            <Text fw={650} data-testid="meeting-when">
              {t('meetings.when', { day, time, length: formatDuration(s.durationMinutes / 60) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('meetings.zone', { zone: s.timeZone })}
            </Text>
          </Stack>
        </Group>
        <Group gap={6} wrap="nowrap">
          <IconMapPin size={18} aria-hidden style={{ flexShrink: 0 }} />
          <Text>{s.placeNote ? t('sessions.card.placeWithNote', { place, note: s.placeNote }) : place}</Text>
        </Group>
        {s.status === 'cancelled' ? (
          <Alert color="red" variant="light">
            {t('meetings.cancelled', { reason: s.cancelReason ?? '' })}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Invited({ child, meeting }: { child: Child; meeting: Meeting }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="meeting-invited-title">
      <Stack gap="xs">
        <Title order={2} size="h3" id="meeting-invited-title">
          {t('meetings.invitedTitle')}
        </Title>
        {meeting.session.familyInvited ? <Text>{t('meetings.familyInvited', { name: child.firstName })}</Text> : null}
        {meeting.invited.length > 0 ? (
          <ul className="session-invitees" data-testid="meeting-invited">
            {meeting.invited.map((p) => {
              const role = p.role ? teamRoleLabel(p.role, t) : '';
              return (
                <li key={p.userId}>
                  <Text>
                    {p.organiser
                      ? t('meetings.personOrganiser', { name: p.name, role })
                      : p.response
                        ? t('meetings.personAnswer', { name: p.name, role, answer: t(`sessions.answer.${p.response}`) })
                        : t('meetings.person', { name: p.name, role })}
                  </Text>
                </li>
              );
            })}
          </ul>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The goals a meeting talks about: all but those met or stopped. */
const IN_PLAY: ReadonlySet<GoalStatus> = new Set<GoalStatus>(['suggested', 'proposed', 'changes_requested', 'agreed', 'paused']);

/** Links to prepare: what happened since the last session, and each goal still in play, with its status when not agreed. */
function Prepare({ child }: { child: Child }) {
  const { t } = useTranslation();
  const canSince = can(child, 'journal.view') && can(child, 'practice.view');
  const canPlan = can(child, 'plan.view');
  const goals = useQuery({ ...goalsQuery(child.id), enabled: canPlan });
  if (!canSince && !canPlan) return null;
  // Every goal still in play: a plan review is where goals awaiting the family's word are talked about.
  const active = (goals.data?.goals ?? []).filter((g) => IN_PLAY.has(g.status));
  const params = { childId: child.id };
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="meeting-prepare-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="meeting-prepare-title">
          {t('meetings.prepareTitle')}
        </Title>
        {canSince ? (
          <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/since" params={params} />} fw={650}>
            {t('meetings.since')}
          </Anchor>
        ) : null}
        {canPlan ? (
          <Stack gap={6} component="section" aria-labelledby="meeting-goals-title">
            <Title order={3} size="h4" id="meeting-goals-title">
              {t('meetings.goalsTitle')}
            </Title>
            {goals.isPending ? <Loading /> : null}
            {goals.data && active.length === 0 ? <Text c="dimmed">{t('meetings.noGoals')}</Text> : null}
            {active.length > 0 ? (
              <List spacing={6} data-testid="meeting-goals">
                {active.map((g) => {
                  const statement = contentWords(g.translation, 'statement', g.statement);
                  return (
                    <List.Item key={g.id}>
                      <Group gap={8} wrap="wrap" align="center">
                        <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/plan" params={params} hash={`goal-${g.id}`} />} style={{ overflowWrap: 'anywhere' }}>
                          <Around message={(slot) => t('meetings.goalLink', { statement: slot })} words={statement.text} lang={statement.lang} />
                        </Anchor>
                        {g.status === 'agreed' ? null : (
                          <Badge color={STATUS_COLORS[g.status]} variant="light" data-testid="meeting-goal-status">
                            {statusLabel(g.status, t)}
                          </Badge>
                        )}
                      </Group>
                    </List.Item>
                  );
                })}
              </List>
            ) : null}
            <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/plan" params={params} />} size="sm">
              {t('meetings.planLink')}
            </Anchor>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** A team meeting or plan review: when and where, who is invited, links to prepare, the shared agenda, and its review. */
export function ChildMeetingPage() {
  const { t } = useTranslation();
  const child = useChild();
  const { sessionId } = useParams({ strict: false });
  const query = useQuery(meetingQuery(child.id, sessionId ?? ''));
  const meeting = query.data;
  const isFamily = child.myRole === 'guardian' || child.myRole === 'caregiver';
  return (
    <Stack gap="lg">
      <DocumentTitle title={`${meeting ? t(`sessions.kind.${meeting.session.kind}`) : t('sessions.tabTitle')} · ${childName(child)}`} />
      {/* Someone invited by name without the Sessions tab has no list to go back to. */}
      {can(child, 'sessions.view') ? (
        <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/sessions" params={{ childId: child.id }} />} size="sm">
          <Group gap={4} wrap="nowrap" component="span">
            <IconArrowLeft size={16} aria-hidden className="flip-rtl" />
            {t('meetings.back')}
          </Group>
        </Anchor>
      ) : null}
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {meeting ? (
        <>
          <MeetingHeader child={child} meeting={meeting} />
          <Invited child={child} meeting={meeting} />
          <Prepare child={child} />
          <MeetingAgenda childId={child.id} meeting={meeting} isFamily={isFamily} />
          <MeetingReviewSection childId={child.id} meeting={meeting} canManage={can(child, 'sessions.manage')} canReadReviews={can(child, 'plan.view')} />
        </>
      ) : null}
    </Stack>
  );
}

