import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

export interface AppModalFrameProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  size: string;
  closeLabel: string;
  children: ReactNode;
}

// Mantine renders the modal header as <header>, which would be a second banner landmark.
const headerAsDiv = { component: 'div' };

/** Mantine's modal, its scroll area and focus handling: loaded with the first dialog a page opens (app-modal.tsx). */
export function AppModalFrame({ opened, onClose, title, size, closeLabel, children }: AppModalFrameProps) {
  const phone = useMediaQuery('(max-width: 47.99em)') ?? false;
  return (
    <Modal.Root opened={opened} onClose={onClose} size={size} fullScreen={phone} centered radius={phone ? 0 : 'lg'}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header {...headerAsDiv}>
          <Modal.Title fw={650} fz="lg" lh={1.3}>
            {title}
          </Modal.Title>
          <Modal.CloseButton aria-label={closeLabel} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
