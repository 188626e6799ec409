import { Button, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { IconCamera, IconMicrophone, IconPhoto, IconTrash } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCEPT, attachedOf, uploadErrorMessage, uploadFile, type Attached, type OpenPurpose } from './uploads.api.ts';
import { UploadPicture } from './upload-picture.tsx';
import './uploads.css';

/** A phone or tablet: there, "Take a photo" opens the camera directly. */
const hasCamera = () => typeof window !== 'undefined' && (window.matchMedia('(pointer: coarse)').matches || navigator.maxTouchPoints > 0);

/** A picture or clip that is already on the page, played or shown where it belongs. */
export function MediaView({ media, alt, label, className }: { media: Attached; alt: string; label?: string; className?: string }) {
  if (media.kind === 'audio') return <audio controls preload="metadata" src={media.url} aria-label={label ?? alt} className="media-clip" />;
  if (media.kind === 'video') return <video controls preload="metadata" playsInline src={media.url} aria-label={label ?? alt} className="media-clip" />;
  return <UploadPicture url={media.url} alt={alt} size={media.pictureSize} {...(className ? { className } : {})} />;
}

interface MediaPickerProps {
  childId: string;
  purpose: OpenPurpose;
  /** What the file is for, e.g. "Picture for step 2": the buttons and the preview say it. */
  label: string;
  value: Attached | null;
  onChange: (value: Attached | null) => void;
  /** Tells the form a file is still on its way, so it waits before saving. */
  onBusy?: (busy: boolean) => void;
}

/** Choose (or on a phone, take) a picture or clip; it is sent at once, with its progress shown. */
export function MediaPicker({ childId, purpose, label, value, onChange, onBusy }: MediaPickerProps) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const statusId = useId();
  const isClip = purpose === 'practice_clip';

  const send = (file: File | null) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    onBusy?.(true);
    uploadFile(childId, purpose, file, setProgress)
      .then((u) => onChange(attachedOf(u)))
      .catch((e: unknown) => setError(uploadErrorMessage(e, purpose, t)))
      .finally(() => {
        setProgress(null);
        onBusy?.(false);
      });
  };

  const busy = progress !== null;
  const chooseLabel = value ? t('uploads.replaceShort') : isClip ? t('uploads.addClip') : t('uploads.choosePicture');
  return (
    <Stack gap={6} className="media-picker" data-testid={`media-picker-${purpose}`}>
      {value ? <MediaView media={value} alt={label} className="media-thumb" /> : null}
      <Group gap="xs" wrap="wrap">
        <FileButton onChange={send} accept={ACCEPT[purpose]} inputProps={{ 'aria-describedby': statusId }}>
          {(props) => (
            <Button {...props} variant="light" size="sm" loading={busy} leftSection={isClip ? <IconMicrophone size={16} aria-hidden /> : <IconPhoto size={16} aria-hidden />}
              aria-label={`${label}: ${chooseLabel}`}>
              {chooseLabel}
            </Button>
          )}
        </FileButton>
        {!isClip && !value && hasCamera() ? (
          <FileButton onChange={send} accept="image/*" capture="environment">
            {(props) => (
              <Button {...props} variant="light" size="sm" disabled={busy} leftSection={<IconCamera size={16} aria-hidden />} aria-label={`${label}: ${t('uploads.takePhoto')}`}>
                {t('uploads.takePhoto')}
              </Button>
            )}
          </FileButton>
        ) : null}
        {value && !busy ? (
          <Button variant="subtle" color="red" size="sm" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => onChange(null)} aria-label={`${label}: ${t('uploads.removeShort')}`}>
            {t('uploads.removeShort')}
          </Button>
        ) : null}
      </Group>
      <div id={statusId} aria-live="polite">
        {progress !== null ? (
          <Stack gap={2}>
            <Text size="sm">{t('uploads.sending', { percent: Math.round(progress * 100) })}</Text>
            <Progress value={progress * 100} size="sm" aria-label={t('uploads.progress', { what: label })} />
          </Stack>
        ) : null}
        {error ? (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}
