import { Paper, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert.tsx';
import { Loading } from './loading.tsx';

/** A section of the account page: a titled panel that a link (#id) reaches and focuses. */
export function SettingsSection({ id, title, lead, children }: { id: string; title: string; lead?: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="lg" component="section" aria-labelledby={`${id}-heading`} id={id}>
      <Stack gap="md">
        <Title order={2} id={`${id}-heading`} tabIndex={-1}>
          {title}
        </Title>
        {lead ? <Text c="dimmed">{lead}</Text> : null}
        {children}
      </Stack>
    </Paper>
  );
}

/** A settings section whose form starts from the person's saved settings: loading, then the error or the form. */
export function LoadedSettingsSection<T>({ id, title, lead, query, children }: { id: string; title: string; lead: string; query: UseQueryResult<T>; children: (settings: T) => ReactNode }) {
  return (
    <SettingsSection id={id} title={title} lead={lead}>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data ? children(query.data) : null}
    </SettingsSection>
  );
}
