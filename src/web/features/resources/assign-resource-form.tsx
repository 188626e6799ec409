import { Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import { libraryQuery, resourceText, resourceTitle } from './resources.api.ts';
import { audienceLine } from './resource-view.tsx';

interface Values {
  [key: string]: unknown;
  resourceId: string;
  note: string;
}

/** Pick a library resource for the family, and say why in a personal note. */
export function AssignResourceForm({ childName, givenIds, pending, onSubmit, onCancel }: {
  childName: string;
  givenIds: readonly string[];
  pending: boolean;
  onSubmit: (body: { resourceId: string; note: string }) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const library = useQuery(libraryQuery({ q: '', kind: '' }));
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { resourceId: '', note: '' },
    validate: { resourceId: (v) => (v ? null : t('resources.assign.pick')) },
  });
  const server = useServerError(form);
  const resources = (library.data?.resources ?? []).filter((r) => !givenIds.includes(r.id));
  const chosen = resources.find((r) => r.id === form.getValues().resourceId);
  const summary = chosen ? resourceText(chosen, i18n.language)?.text.summary : '';
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        server.clear();
        onSubmit({ resourceId: values.resourceId, note: values.note.trim() }).catch(server.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={server.error} />
        <Select
          size="md"
          label={t('resources.assign.resource')}
          placeholder={t('resources.assign.placeholder')}
          nothingFoundMessage={t('resources.assign.nothing')}
          data={resources.map((r) => ({ value: r.id, label: `${resourceTitle(r, i18n.language)} · ${t(`resources.kinds.${r.kind}`)}` }))}
          searchable
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('resourceId')}
          onChange={(v) => form.setFieldValue('resourceId', v ?? '')}
        />
        {chosen ? (
          <Stack gap={2}>
            {summary ? <Text size="sm">{summary}</Text> : null}
            {audienceLine(chosen, t) ? (
              <Text size="sm" c="dimmed">
                {audienceLine(chosen, t)}
              </Text>
            ) : null}
          </Stack>
        ) : null}
        <Textarea
          label={t('resources.assign.note', { name: childName })}
          placeholder={t('resources.assign.notePlaceholder')}
          autosize
          minRows={3}
          maxLength={1000}
          {...form.getInputProps('note')}
        />
        <FormActions submit={t('resources.assign.submit')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
