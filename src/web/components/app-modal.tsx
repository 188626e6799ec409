import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface AppModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: string;
  children: ReactNode;
}

// Mantine renders the modal header as <header>, which would be a second banner landmark.
const headerAsDiv = { component: 'div' };

/**
 * A dialog that fills the screen on phones (one-handed use) and has a close button that says what
 * it does in the reader's language.
 */
export function AppModal({ opened, onClose, title, size = 'lg', children }: AppModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 47.99em)') ?? false;
  return (
    <Modal.Root opened={opened} onClose={onClose} size={size} fullScreen={phone} centered radius={phone ? 0 : 'lg'}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header {...headerAsDiv}>
          <Modal.Title fw={650} fz="lg" lh={1.3}>
            {title}
          </Modal.Title>
          <Modal.CloseButton aria-label={t('common.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
