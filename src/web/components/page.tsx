import { Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface PageProps {
  title: string;
  /** Shown in the browser tab when it differs from the heading. */
  documentTitle?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}

/** One page: its single h1, an optional lead sentence and actions, then the content. */
export function Page({ title, documentTitle, description, actions, children }: PageProps) {
  useDocumentTitle(`${documentTitle ?? title} · CareTeam`);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Title order={1}>{title}</Title>
          {description ? <Text c="dimmed">{description}</Text> : null}
        </Stack>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
      {children}
    </Stack>
  );
}

export function DocumentTitle({ title }: { title: string }) {
  useDocumentTitle(`${title} · CareTeam`);
  return null;
}
