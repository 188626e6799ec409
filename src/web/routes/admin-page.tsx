import { IconAlertTriangle, IconClipboardCheck, IconListDetails, IconMailbox, IconMessage2Bolt, IconNews, IconSettings, IconStethoscope } from '@tabler/icons-react';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LinkTabs } from '../components/link-tabs.tsx';
import { Page } from '../components/page.tsx';
import { MailBanner } from '../features/team/mail-banner.tsx';
import { useMe } from './authed-layout.tsx';

export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const clinic = me.clinics.find((c) => c.role === 'admin');
  return (
    <Page title={t('admin.title')} description={clinic ? t('admin.lead', { clinic: clinic.name }) : undefined}>
      <MailBanner me={me} />
      <div>
        <LinkTabs
          label={t('admin.sections')}
          tabs={[
            { to: '/admin/clinicians', label: t('admin.tabs.clinicians'), icon: <IconStethoscope size={18} aria-hidden /> },
            { to: '/admin/newsletters', label: t('newsletters.admin.tab'), icon: <IconNews size={18} aria-hidden /> },
            { to: '/admin/outbox', label: t('admin.tabs.outbox'), icon: <IconMailbox size={18} aria-hidden /> },
            { to: '/admin/audit', label: t('admin.tabs.audit'), icon: <IconListDetails size={18} aria-hidden /> },
            { to: '/admin/templates', label: t('quickReplies.templatesTab'), icon: <IconMessage2Bolt size={18} aria-hidden /> },
            { to: '/admin/notices', label: t('notifications.notices.tab'), icon: <IconAlertTriangle size={18} aria-hidden /> },
            { to: '/admin/checkins', label: t('checkins.partnership.tab'), icon: <IconClipboardCheck size={18} aria-hidden /> },
            { to: '/admin/settings', label: t('admin.tabs.settings'), icon: <IconSettings size={18} aria-hidden /> },
          ]}
        />
        <Outlet />
      </div>
    </Page>
  );
}
