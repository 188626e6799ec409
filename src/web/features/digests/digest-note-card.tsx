import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconMailHeart } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { TranslationsButton } from '../translation/content-translation.tsx';
import { digestKeys, digestNoteQuery, saveDigestNote } from './digests.api.ts';

const MAX = 600;

/** The therapist's short word for the family's next weekly summary: small, on the child's overview. */
export function DigestNoteCard({ child }: { child: Child }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(digestNoteQuery(child.id));
  const [text, setText] = useState('');
  const stored = query.data?.text;
  useEffect(() => {
    if (stored !== undefined) setText(stored);
  }, [stored]);
  const save = useMutation({
    mutationFn: (value: string) => saveDigestNote(child.id, value),
    onSuccess: (data) => {
      queryClient.setQueryData(digestKeys.note(child.id), data);
      toast(data.text ? t('digest.note.saved') : t('digest.note.cleared'));
    },
  });
  const data = query.data;
  if (!data) return query.isError ? <ErrorAlert error={query.error} /> : null;
  const sendsUntil = data.sendsUntil && new Date(data.sendsUntil) > new Date() ? data.sendsUntil : null;
  return (
    <Paper className="no-print" withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" component="section" aria-labelledby="digest-note-title" data-testid="digest-note">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(text.trim());
        }}
      >
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconMailHeart size={20} aria-hidden color="var(--mantine-color-care-7)" />
            <Text component="h2" id="digest-note-title" fw={650} size="lg" m={0}>
              {t('digest.note.title')}
            </Text>
          </Group>
          <Textarea
            label={t('digest.note.label', { name: child.firstName })}
            description={t('digest.note.hint')}
            autosize
            minRows={2}
            maxLength={MAX}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite">
              {sendsUntil && data.by ? t('digest.note.sendsUntil', { name: data.by, when: formatDateTime(sendsUntil) }) : t('digest.note.none')}
            </Text>
            <Button type="submit" variant="light" loading={save.isPending} disabled={text.trim() === (data.text ?? '')}>
              {t('digest.note.save')}
            </Button>
          </Group>
          <ErrorAlert error={save.error} />
        </Stack>
      </form>
      {/* Outside the form: the translations dialog's own form must not submit the note. The note's id is the child's. */}
      {data.text ? (
        <Group justify="flex-end" mt="xs">
          <TranslationsButton childId={child.id} type="digest_note" id={child.id} title={t('digest.note.title')} refresh={digestKeys.note(child.id)} />
        </Group>
      ) : null}
    </Paper>
  );
}
