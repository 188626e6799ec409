import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import type { RoomClient, VideoRoom } from './video.api.ts';

/** A language families asked an interpreter for, in an event's answers. */
export type RequestedLanguage = { code: string; name: string };

/**
 * The host's interpreters: send one a link for this call, see who has one, withdraw it. An
 * event's host sees the languages families asked for, each answered once a link in it is out.
 */
export function Interpreters({ client, kind, requested = [] }: { client: RoomClient; kind: VideoRoom['kind']; requested?: readonly RequestedLanguage[] }) {
  const { t } = useTranslation();
  const guests = useQuery({ queryKey: ['video-guests', client], queryFn: () => client.guests() });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const g = await client.addGuest({ name, email, language });
      setSent(g.name);
      setName('');
      setEmail('');
      setLanguage('');
      await guests.refetch();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="video-interpreters-title">
      <Title order={2} size="h4" id="video-interpreters-title">{t('video.guests.title')}</Title>
      <Text size="sm" c="dimmed">{t(kind === 'event' ? 'video.guests.leadEvent' : 'video.guests.lead')}</Text>
      {requested.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm" fw={600} id="video-requested-title">{t('video.guests.requested')}</Text>
          <ul className="video-people" aria-labelledby="video-requested-title" data-testid="video-requested">
            {requested.map((r) => {
              const seated = (guests.data?.guests ?? []).find((g) => !g.revokedAt && g.language.toLowerCase() === r.code.toLowerCase());
              return (
                <li key={r.code}>
                  <Group justify="space-between" gap="xs">
                    <Text size="sm">{seated ? t('video.guests.requestAnswered', { language: r.name, name: seated.name }) : r.name}</Text>
                    {seated ? null : (
                      <Button size="compact-sm" variant="light" onClick={() => { setLanguage(r.code); nameInput.current?.focus(); }} aria-label={t('video.guests.answerRequestFor', { language: r.name })}>
                        {t('video.guests.answerRequest')}
                      </Button>
                    )}
                  </Group>
                </li>
              );
            })}
          </ul>
        </Stack>
      ) : null}
      <form onSubmit={(e) => void submit(e)}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput ref={nameInput} label={t('video.guests.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} />
          <TextInput label={t('video.guests.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
          <TextInput label={t('video.guests.language')} description={t('video.guests.languageHint')} value={language} onChange={(e) => setLanguage(e.currentTarget.value)} required maxLength={35} />
        </SimpleGrid>
        <Button type="submit" mt="xs">{t('video.guests.add')}</Button>
      </form>
      {sent ? <Text size="sm" role="status">{t('video.guests.sent', { name: sent })}</Text> : null}
      <ErrorAlert error={error} />
      <ul className="video-people">
        {(guests.data?.guests ?? []).map((g) => (
          <li key={g.id}>
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t('video.guests.item', { name: g.name, language: g.language })}{g.revokedAt ? ` · ${t('video.guests.revoked')}` : ''}</Text>
              {!g.revokedAt ? (
                <Button size="compact-sm" variant="subtle" color="red" onClick={() => void client.revokeGuest(g.id).then(() => guests.refetch()).catch(setError)} aria-label={t('video.guests.revokeName', { name: g.name })}>
                  {t('video.guests.revoke')}
                </Button>
              ) : null}
            </Group>
          </li>
        ))}
      </ul>
    </Card>
  );
}
