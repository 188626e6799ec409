import { Radio, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TEXT_SIZES, isTextSize, type TextSize } from '../../../contract/text-size.ts';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import type { Me } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SettingsSection } from '../../components/settings-section.tsx';
import { applyTextSize } from '../../lib/text-size.ts';

/** Account: how large the words are on every page, applied at once and kept on the account. */
export function TextSizeSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (textSize: TextSize) => api<Me>('/api/me', { method: 'PATCH', body: { textSize } }),
    onMutate: (textSize) => applyTextSize(textSize),
    onSuccess: (updated) => queryClient.setQueryData(keys.me, updated),
    // Not saved: back to the size the account keeps, and the error says why.
    onError: () => applyTextSize(me.user.textSize),
  });
  const value = mutation.isPending ? mutation.variables : me.user.textSize;
  return (
    <SettingsSection id="text-size" title={t('accessibility.textSize.title')}>
      <ErrorAlert error={mutation.error} />
      <Radio.Group
        label={t('accessibility.textSize.label')}
        description={t('accessibility.textSize.hint')}
        value={value}
        onChange={(v) => {
          if (isTextSize(v) && v !== value) mutation.mutate(v);
        }}
      >
        <Stack gap="sm" mt="xs">
          {TEXT_SIZES.map((size) => (
            <Radio key={size} value={size} label={t(`accessibility.textSize.${size}`)} />
          ))}
        </Stack>
      </Radio.Group>
    </SettingsSection>
  );
}
