import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { QuickReplyManager } from '../features/quick-replies/quick-reply-manager.tsx';

/** A clinician's own quick replies, written in English and Spanish, beside the clinic's templates. */
export function QuickRepliesPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('quickReplies.pageTitle')}>
      <QuickReplyManager scope="mine" />
    </Page>
  );
}
