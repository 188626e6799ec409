import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyLater } from '../lib/lazy-later.ts';

interface AppModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: string;
  children: ReactNode;
}

// Mantine's modal (with its scroll area, focus trap and the floating-ui code they share) is a good
// part of a page's weight, and no page needs it to draw: it loads with the first dialog opened, or
// once the page is idle (see lazyLater).
const AppModalFrame = lazyLater(() => import('./app-modal-frame.tsx').then((m) => m.AppModalFrame));

/**
 * A dialog that fills the screen on phones (one-handed use) and has a close button that says what
 * it does in the reader's language.
 */
export function AppModal({ opened, onClose, title, size = 'lg', children }: AppModalProps) {
  const { t } = useTranslation();
  // Drawn from its first opening on, so that closing it plays the same transition as before.
  const [used, setUsed] = useState(opened);
  if (opened && !used) setUsed(true);
  if (!used) return null;
  return (
    <Suspense fallback={null}>
      <AppModalFrame opened={opened} onClose={onClose} title={title} size={size} closeLabel={t('common.close')}>
        {children}
      </AppModalFrame>
    </Suspense>
  );
}
