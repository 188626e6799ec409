import { ActionIcon, CloseButton, FileButton, Group, Progress, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFileTypePdf, IconMusic, IconPaperclip, IconPhoto, IconSend, IconVideo } from '@tabler/icons-react';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { MESSAGE_MAX_LENGTH } from '../../../contract/message-values.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { QuickReplyPicker } from '../quick-replies/quick-reply-picker.tsx';
import { ACCEPT, uploadErrorMessage, uploadFile, type Upload } from '../uploads/uploads.api.ts';

/** A phone's keyboard has no Shift+Enter to spare: there, Enter is a new line and the button sends. */
const TOUCH_FIRST = '(pointer: coarse)';
const touchFirst = () => typeof window !== 'undefined' && window.matchMedia(TOUCH_FIRST).matches;
const MAX_FILES = 5;

const KIND_ICON = { image: IconPhoto, pdf: IconFileTypePdf, audio: IconMusic, video: IconVideo } as const;

/** `quickReplyId`: the quick reply the text was picked from (the server checks it was sent unchanged). */
export type Outgoing = { body: string; attachmentIds: string[]; quickReplyId?: string };

interface ComposerProps {
  childId: string;
  onSend: (m: Outgoing) => Promise<boolean>;
  pending: boolean;
  error: unknown;
  label: string;
  /** Offer the writer's quick replies and the clinic's templates (clinicians). */
  quickReplies?: boolean;
  /** A start for the message (good news from the caseload), which the writer makes their own. */
  initialBody?: string;
}

export function Composer({ childId, onSend, pending, error, label, quickReplies = false, initialBody = '' }: ComposerProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState(initialBody);
  const [picked, setPicked] = useState<string | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [files, setFiles] = useState<(Upload & { name: string })[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const statusId = useId();
  const tooLong = body.length > MESSAGE_MAX_LENGTH;
  const uploading = progress !== null;
  const ready = (body.trim() !== '' || files.length > 0) && !tooLong && !uploading;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready || pending) return;
    const outgoing: Outgoing = { body: body.trim(), attachmentIds: files.map((f) => f.id) };
    if (await onSend(picked ? { ...outgoing, quickReplyId: picked } : outgoing)) {
      setBody('');
      setFiles([]);
      setPicked(null);
    }
  };
  // The hint says what Enter does on this device, as onKeyDown decides it.
  const onTouch = useMediaQuery(TOUCH_FIRST, touchFirst(), { getInitialValueInEffect: false });
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && !touchFirst()) {
      e.preventDefault();
      void submit();
    }
  };
  const attach = (file: File | null) => {
    if (!file) return;
    setFileError(null);
    setProgress(0);
    uploadFile(childId, 'message_attachment', file, setProgress)
      .then((u) => setFiles((prev) => [...prev, { ...u, name: file.name }]))
      .catch((err: unknown) => setFileError(uploadErrorMessage(err, 'message_attachment', t)))
      .finally(() => setProgress(null));
  };

  return (
    <form className="composer" onSubmit={(e) => void submit(e)}>
      <ErrorAlert error={error} />
      {quickReplies ? (
        <QuickReplyPicker
          onPick={(q) => {
            // Into an empty box the reply goes as it is; after what is written, on a new line.
            setBody((current) => (current.trim() ? `${current.trimEnd()}\n${q.text}` : q.text));
            setPicked(q.id);
            textareaRef.current?.focus();
          }}
        />
      ) : null}
      {files.length > 0 ? (
        <ul className="composer-files" aria-label={t('messages.attach.chosen')}>
          {files.map((f) => {
            const Icon = KIND_ICON[f.kind];
            return (
              <li key={f.id}>
                <Icon size={16} aria-hidden />
                <Text size="sm" truncate="end" component="span">
                  {f.name}
                </Text>
                <CloseButton size="sm" aria-label={t('messages.attach.remove', { name: f.name })} onClick={() => setFiles((prev) => prev.filter((x) => x.id !== f.id))} />
              </li>
            );
          })}
        </ul>
      ) : null}
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <FileButton onChange={attach} accept={ACCEPT.message_attachment} disabled={uploading || files.length >= MAX_FILES} inputProps={{ 'aria-describedby': statusId }}>
          {(props) => (
            <ActionIcon {...props} variant="subtle" size={42} radius="xl" aria-label={t('messages.attach.add')}>
              <IconPaperclip size={20} aria-hidden />
            </ActionIcon>
          )}
        </FileButton>
        <Textarea
          label={label}
          classNames={{ label: 'visually-hidden' }}
          placeholder={t('messages.composer.placeholder')}
          ref={textareaRef}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          autosize
          minRows={1}
          maxRows={8}
          radius="lg"
          style={{ flex: 1 }}
          aria-describedby="composer-hint"
          error={tooLong ? t('messages.composer.tooLong', { max: formatNumber(MESSAGE_MAX_LENGTH) }) : undefined}
        />
        <ActionIcon type="submit" size={42} radius="xl" loading={pending} disabled={!ready} aria-label={t('messages.composer.send')}>
          <IconSend size={20} aria-hidden className="flip-rtl" />
        </ActionIcon>
      </Group>
      <div id={statusId} aria-live="polite">
        {uploading ? <Progress value={(progress ?? 0) * 100} size="sm" mt={6} aria-label={t('messages.attach.sending')} /> : null}
        {fileError ? (
          <Text size="sm" c="red.8" role="alert" mt={4}>
            {fileError}
          </Text>
        ) : null}
      </div>
      <Text id="composer-hint" size="xs" c="dimmed" mt={4}>
        {onTouch ? t('composerHint.touch', { send: t('messages.composer.send') }) : t('messages.composer.hint')}
      </Text>
    </form>
  );
}
