import { Button } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child, Goal } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { lazyLater } from '../../lib/lazy-later.ts';

// The form loads when its dialog opens, or once the page is idle (see lazyLater).
const ReportDialog = lazyLater(() => import('./report-dialog.tsx').then((m) => m.ReportDialog));

/** Who may ask for a child's progress report: a therapist on the team, or a guardian. */
export const canReport = (child: Child) => child.myRole === 'therapist' || child.myRole === 'guardian';

/** The "Progress report" action: a form in a dialog, then the download once the PDF is written. */
export function ProgressReportButton({ child, goals }: { child: Child; goals: Goal[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconFileText size={18} aria-hidden />} onClick={() => setOpen(true)}>
        {t('reports.action')}
      </Button>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('reports.formTitle', { name: child.firstName })}>
        {open ? <ReportDialog child={child} goals={goals} onClose={() => setOpen(false)} /> : null}
      </AppModal>
    </>
  );
}
