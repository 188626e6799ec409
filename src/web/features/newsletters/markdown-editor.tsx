import { Paper, Tabs, Text, Textarea } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';

type InputProps = ReturnType<ReturnType<typeof useForm>['getInputProps']>;

interface MarkdownEditorProps {
  label: string;
  minRows: number;
  /** The form's props for the text (value, onChange, error). */
  inputProps: InputProps;
  /** The text as typed, to know whether there is anything to preview. */
  value: string;
  tab: string | null;
  onTabChange: (tab: string | null) => void;
  /** The server's sanitised rendering of the text, when asked for (on the preview tab). */
  preview: { html: string } | null | undefined;
  previewLoading: boolean;
  previewTestId?: string;
}

/** Markdown written on one tab and shown, as families will read it, on the other (newsletters, family events). */
export function MarkdownEditor({ label, minRows, inputProps, value, tab, onTabChange, preview, previewLoading, previewTestId }: MarkdownEditorProps) {
  const { t } = useTranslation();
  return (
    <Tabs value={tab} onChange={onTabChange} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="write">{t('newsletters.admin.writeTab')}</Tabs.Tab>
        <Tabs.Tab value="preview">{t('newsletters.admin.previewTab')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="write" pt="md">
        <Textarea label={label} description={t('newsletters.admin.bodyHint')} required autosize minRows={minRows} maxLength={20000} {...inputProps} />
      </Tabs.Panel>
      <Tabs.Panel value="preview" pt="md">
        <Paper withBorder radius="md" p="md" mih={120} data-testid={previewTestId}>
          {preview && value.trim() ? (
            <div className="newsletter-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
          ) : (
            <Text c="dimmed">{previewLoading ? t('newsletters.admin.previewLoading') : t('newsletters.admin.previewEmpty')}</Text>
          )}
        </Paper>
      </Tabs.Panel>
    </Tabs>
  );
}
