import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArticle, IconExternalLink, IconFileTypePdf, IconMovie, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf, LOCALES } from '../../../contract/locales.ts';
import { api } from '../../api/client.ts';
import { formatDateTime, languageName, listFormat } from '../../lib/format.ts';
import { errorMessage } from '../../lib/errors.ts';
import { therapyTypeLabel } from '../../lib/roles.ts';
import { toast } from '../../lib/toast.ts';
import { childResourcesPath, refreshGiven, resourceText, type ChildResource, type Resource, type ResourceKind } from './resources.api.ts';

const KIND_ICONS: Record<ResourceKind, ReactNode> = {
  article: <IconArticle size={16} aria-hidden />,
  link: <IconExternalLink size={16} aria-hidden className="flip-rtl" />,
  video: <IconMovie size={16} aria-hidden />,
  pdf: <IconFileTypePdf size={16} aria-hidden />,
};

export function KindBadge({ kind }: { kind: ResourceKind }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="care" radius="sm" leftSection={KIND_ICONS[kind]} tt="none" fw={550}>
      {t(`resources.kinds.${kind}`)}
    </Badge>
  );
}

/** The languages it exists in, as badges (the reader's own first). */
export function LanguageBadges({ resource }: { resource: Resource }) {
  const { i18n } = useTranslation();
  const mine = localeOf(i18n.language);
  const langs = LOCALES.filter((l) => resource.content[l]).sort((a, b) => Number(b === mine) - Number(a === mine));
  return (
    <>
      {langs.map((l) => (
        <Badge key={l} variant="outline" color="gray" radius="sm" tt="none" fw={500}>
          {languageName(l)}
        </Badge>
      ))}
    </>
  );
}

/** What the resource is: the article, the link to follow, the video to watch or the PDF to open. */
export function ResourceContent({ resource, fileUrl, headingOrder = 2 }: { resource: Resource; fileUrl: string | null; headingOrder?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const shown = resourceText(resource, i18n.language);
  if (!shown) return null;
  const other = shown.lang !== localeOf(i18n.language);
  return (
    <Stack gap="md">
      {other ? (
        <Text size="sm" c="dimmed" fs="italic">
          {t('resources.onlyIn', { language: languageName(shown.lang) })}
        </Text>
      ) : null}
      <Stack gap={4} lang={shown.lang}>
        <Title order={headingOrder} style={{ overflowWrap: 'anywhere' }}>
          {shown.text.title}
        </Title>
        {shown.text.summary ? <Text c="dimmed">{shown.text.summary}</Text> : null}
      </Stack>
      {resource.kind === 'video' && fileUrl ? (
        <video controls preload="metadata" src={fileUrl} style={{ width: '100%', maxHeight: '70vh', borderRadius: 8 }} aria-label={shown.text.title} />
      ) : null}
      {shown.html ? <div className="newsletter-body" lang={shown.lang} dangerouslySetInnerHTML={{ __html: shown.html }} /> : null}
      {resource.url ? (
        <Group>
          <Button component="a" href={resource.url} target="_blank" rel="noopener noreferrer" leftSection={<IconExternalLink size={18} aria-hidden className="flip-rtl" />}>
            {resource.kind === 'video' ? t('resources.watch') : t('resources.visit')}
            <span className="visually-hidden"> {t('resources.newTab')}</span>
          </Button>
        </Group>
      ) : null}
      {resource.kind === 'pdf' && fileUrl ? (
        <Group>
          <Button component="a" href={fileUrl} leftSection={<IconFileTypePdf size={18} aria-hidden />}>
            {t('resources.downloadPdf')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** "Did this help?": yes or not really, for the reader themselves; pressing the chosen answer again takes it back. */
export function HelpfulButtons({ given }: { given: ChildResource }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (helpful: boolean | null) => api<ChildResource>(`${childResourcesPath(given.childId, given.id)}/helpful`, { method: 'PUT', body: { helpful } }),
    onSuccess: async (saved) => {
      await refreshGiven(queryClient, given.childId);
      if (saved.mine.helpful !== null) toast(t('resources.thanks'));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });
  const value = save.isPending ? save.variables : given.mine.helpful;
  return (
    <Stack gap={6} role="group" aria-labelledby={`helpful-${given.id}`}>
      <Text fw={600} id={`helpful-${given.id}`}>
        {t('resources.helpfulQuestion')}
      </Text>
      <Group gap="sm">
        <Button
          variant={value === true ? 'filled' : 'default'}
          leftSection={<IconThumbUp size={18} aria-hidden />}
          aria-pressed={value === true}
          onClick={() => save.mutate(value === true ? null : true)}
        >
          {t('resources.helpfulYes')}
        </Button>
        <Button
          variant={value === false ? 'filled' : 'default'}
          color="gray"
          leftSection={<IconThumbDown size={18} aria-hidden />}
          aria-pressed={value === false}
          onClick={() => save.mutate(value === false ? null : false)}
        >
          {t('resources.helpfulNo')}
        </Button>
      </Group>
    </Stack>
  );
}

/** For the therapist: who of the family opened it, when, and whether it helped. */
function Readers({ given }: { given: ChildResource }) {
  const { t } = useTranslation();
  const readers = given.readers ?? [];
  const opened = readers.filter((r) => r.firstOpenedAt);
  if (opened.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="resource-readers">
        {t('resources.notOpened')}
      </Text>
    );
  }
  return (
    <Stack gap={2} data-testid="resource-readers">
      {opened.map((r) => (
        <Text size="sm" key={r.name}>
          {t('resources.openedBy', { name: r.name, date: formatDateTime(r.lastOpenedAt ?? r.firstOpenedAt ?? ''), count: r.openedCount })}
          {r.helpful === true ? ` · ${t('resources.foundHelpful')}` : r.helpful === false ? ` · ${t('resources.notHelpful')}` : ''}
        </Text>
      ))}
    </Stack>
  );
}

/** One resource given to the family, in a list: what it is, the therapist's note, and its state. */
export function GivenResourceCard({ given, actions }: { given: ChildResource; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const shown = resourceText(given.resource, i18n.language);
  if (!shown) return null;
  const manage = given.readers !== null;
  return (
    <Paper withBorder radius="lg" p="md" component="article" aria-labelledby={`resource-${given.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Anchor
              id={`resource-${given.id}`}
              fw={650}
              fz="lg"
              lang={shown.lang}
              style={{ overflowWrap: 'anywhere' }}
              renderRoot={(props) => <Link {...props} to="/children/$childId/resources/$childResourceId" params={{ childId: given.childId, childResourceId: given.id }} />}
            >
              {shown.text.title}
            </Anchor>
            {shown.text.summary ? (
              <Text size="sm" c="dimmed" lang={shown.lang}>
                {shown.text.summary}
              </Text>
            ) : null}
          </Stack>
          {!manage && given.mine.openedAt === null ? (
            <Badge color="care" variant="filled" style={{ flexShrink: 0 }}>
              {t('resources.new')}
            </Badge>
          ) : null}
        </Group>
        <Group gap={6}>
          <KindBadge kind={given.resource.kind} />
          <LanguageBadges resource={given.resource} />
        </Group>
        {given.note ? (
          <Paper bg="care.0" p="sm" radius="md">
            <Text size="sm" fw={600}>
              {t('resources.noteFrom', { name: given.assignedBy })}
            </Text>
            <Text size="sm" className="prewrap">
              {given.note}
            </Text>
          </Paper>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('resources.givenOn', { name: given.assignedBy, date: formatDateTime(given.assignedAt) })}
        </Text>
        {manage ? <Readers given={given} /> : given.mine.helpful !== null ? (
          <Text size="sm" c="dimmed">
            {given.mine.helpful ? t('resources.youFoundHelpful') : t('resources.youFoundNotHelpful')}
          </Text>
        ) : null}
        {actions}
      </Stack>
    </Paper>
  );
}

/** The resource's audience in words: therapy types and ages. */
export function audienceLine(resource: Resource, t: TFunction): string {
  const parts: string[] = [];
  if (resource.therapyTypes.length > 0) parts.push(listFormat(resource.therapyTypes.map((x) => therapyTypeLabel(x, t))));
  if (resource.ageMin !== null || resource.ageMax !== null) {
    parts.push(resource.ageMax === null ? t('resources.agesFrom', { min: resource.ageMin ?? 0 }) : t('resources.ages', { min: resource.ageMin ?? 0, max: resource.ageMax }));
  }
  return parts.join(' · ');
}
