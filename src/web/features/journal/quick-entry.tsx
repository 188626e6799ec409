import type { TFunction } from 'i18next';
import { Button, ThemeIcon } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { toast } from '../../lib/toast.ts';
import { EntryForm } from './entry-form.tsx';
import { KINDS, refreshJournal, writeEntry, type CorrectJournalEntryRequest, type JournalKind, type Visibility } from './journal.api.ts';
import { KIND_COLORS, KindIcon, kindLabel } from './journal-text.tsx';

function quickLabel(kind: JournalKind, t: TFunction): string {
  switch (kind) {
    case 'behaviour':
      return t('journal.quick.behaviour');
    case 'sleep':
      return t('journal.quick.sleep');
    case 'eating':
      return t('journal.quick.eating');
    case 'mood':
      return t('journal.quick.mood');
    case 'win':
      return t('journal.quick.win');
    case 'note':
      return t('journal.quick.note');
  }
}

interface QuickEntryProps {
  child: Child;
  defaultVisibility: Visibility;
  lastSleep: { bedtime: string; wakeTime: string } | null;
}

/** Six big buttons, each opening a form finished in seconds; without signal the entry waits on the phone. */
export function QuickEntry({ child, defaultVisibility, lastSleep }: QuickEntryProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<JournalKind | null>(null);
  const write = useMutation({
    // Without signal the write is kept on the phone, so it must not wait for the connection.
    networkMode: 'always',
    mutationFn: (body: CorrectJournalEntryRequest) =>
      writeEntry(child.id, body, t('journal.queuedLabel', { what: kindLabel(body.content.kind, t), name: child.firstName })),
    onSuccess: async (result) => {
      setOpen(null);
      if (result.queued) toast(t('journal.form.savedOffline'));
      else {
        await refreshJournal(queryClient, child.id);
        toast(t('journal.form.saved'));
      }
    },
  });

  return (
    <section aria-labelledby="journal-quick-title">
      <h2 id="journal-quick-title" className="visually-hidden">
        {t('journal.quick.title', { name: child.firstName })}
      </h2>
      <div className="journal-quick">
        {KINDS.map((kind) => (
          <Button
            key={kind}
            className="journal-quick-button"
            variant="default"
            size="lg"
            radius="lg"
            leftSection={
              <ThemeIcon size={44} radius="xl" variant="light" color={KIND_COLORS[kind]}>
                <KindIcon kind={kind} size={26} />
              </ThemeIcon>
            }
            onClick={() => setOpen(kind)}
          >
            {quickLabel(kind, t)}
          </Button>
        ))}
      </div>
      {open ? (
        <AppModal opened onClose={() => setOpen(null)} title={t('journal.quick.formTitle', { what: quickLabel(open, t), name: child.firstName })}>
          <EntryForm
            kind={open}
            child={child}
            defaultVisibility={defaultVisibility}
            lastSleep={lastSleep}
            pending={write.isPending}
            onSubmit={(body) => write.mutateAsync(body)}
            onCancel={() => setOpen(null)}
          />
        </AppModal>
      ) : null}
    </section>
  );
}
