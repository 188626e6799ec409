import { Text } from '@mantine/core';
import { IconChevronDown, IconLogout, IconMessage2Bolt, IconSettings, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { markSigningOut } from '../routes/authed-layout.tsx';
import { HeaderMenu } from './header-menu.tsx';
import { InitialsAvatar } from './initials-avatar.tsx';

/** Signs out; then shows the sign-in page, unless `stay` (the invitation page offers it in place). */
export function useSignOut({ stay = false }: { stay?: boolean } = {}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', redirectOn401: false });
    } catch {
      // Already signed out on the server: clearing the page is all that is left.
    }
    setCsrfToken(null);
    window.sessionStorage.clear();
    markSigningOut();
    queryClient.setQueryData(keys.me, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' && q.queryKey[0] !== 'me' });
    if (!stay) await navigate({ to: '/login', search: {}, replace: true });
  };
}

export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const isAdmin = me.clinics.some((c) => c.role === 'admin');
  return (
    <HeaderMenu
      label={t('header.accountMenu')}
      trigger={
        <>
          <InitialsAvatar name={me.user.name} size={34} />
          <IconChevronDown size={16} aria-hidden className="header-menu-chevron" />
        </>
      }
    >
      {(close) => (
        <>
          <div style={{ padding: '6px 12px 8px' }}>
            <Text fw={600} size="sm" truncate>
              {me.user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {me.user.email}
            </Text>
          </div>
          <div className="header-menu-divider" />
          <Link to="/account" className="header-menu-item" onClick={close}>
            <IconUserCircle size={18} aria-hidden />
            {t('nav.account')}
          </Link>
          {me.clinics.length > 0 ? (
            <Link to="/quick-replies" className="header-menu-item" onClick={close}>
              <IconMessage2Bolt size={18} aria-hidden />
              {t('quickReplies.nav')}
            </Link>
          ) : null}
          {isAdmin ? (
            <Link to="/admin/clinicians" className="header-menu-item" onClick={close}>
              <IconSettings size={18} aria-hidden />
              {t('nav.admin')}
            </Link>
          ) : null}
          <div className="header-menu-divider" />
          <button
            type="button"
            className="header-menu-item"
            onClick={() => {
              close();
              void signOut();
            }}
          >
            <IconLogout size={18} aria-hidden />
            {t('nav.signOut')}
          </button>
        </>
      )}
    </HeaderMenu>
  );
}
