import { Checkbox, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TITLE_MAX_LENGTH } from '../../../contract/message-values.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { teamRoleLabel } from '../../lib/roles.ts';
import { createConversation, refreshMessages, type Person } from './messages.api.ts';

/** A smaller conversation: the writer chooses who is in it (e.g. the therapist and one household). */
export function NewConversation({ childId, candidates, opened, onClose }: { childId: string; candidates: Person[]; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [missing, setMissing] = useState(false);
  const close = () => {
    setMemberIds([]);
    setTitle('');
    setMissing(false);
    create.reset();
    onClose();
  };
  const create = useMutation({
    mutationFn: () => createConversation(childId, { title, memberIds }),
    onSuccess: async (c) => {
      await refreshMessages(queryClient, childId);
      close();
      await navigate({ to: '/children/$childId/messages/$conversationId', params: { childId, conversationId: c.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (memberIds.length === 0) {
      setMissing(true);
      return;
    }
    create.mutate();
  };
  return (
    <AppModal opened={opened} onClose={close} title={t('messages.new.title')} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('messages.new.lead')}
          </Text>
          <ErrorAlert error={create.error} />
          <Checkbox.Group
            label={t('messages.new.members')}
            value={memberIds}
            onChange={(v) => {
              setMemberIds(v);
              setMissing(false);
            }}
            error={missing ? t('messages.new.chooseSomeone') : undefined}
            withAsterisk
          >
            <Stack gap="xs" mt="xs">
              {candidates.map((p) => (
                <Checkbox key={p.id} value={p.id} label={p.name} description={p.role ? teamRoleLabel(p.role, t) : undefined} />
              ))}
            </Stack>
          </Checkbox.Group>
          {candidates.length === 0 ? <Text size="sm">{t('messages.new.nobody')}</Text> : null}
          <TextInput
            label={t('messages.new.name')}
            description={t('messages.new.nameHint')}
            value={title}
            maxLength={TITLE_MAX_LENGTH}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <FormActions submit={t('messages.new.create')} pending={create.isPending} onCancel={close} />
        </Stack>
      </form>
    </AppModal>
  );
}
