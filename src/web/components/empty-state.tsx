import { EmptyState as MantineEmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  action?: ReactNode;
  /** Heading level that keeps the page outline in order. */
  order?: 2 | 3;
}

export function EmptyState({ icon, title, description, action, order = 2 }: EmptyStateProps) {
  return (
    <Paper withBorder p="xl" radius="lg">
      <MantineEmptyState variant="light" icon={icon}>
        <MantineEmptyState.Title order={order}>{title}</MantineEmptyState.Title>
        <MantineEmptyState.Description maw={520}>{description}</MantineEmptyState.Description>
        {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
      </MantineEmptyState>
    </Paper>
  );
}
