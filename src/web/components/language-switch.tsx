import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { currentLocale } from '../i18n.ts';
import { APP_LOCALES, LOCALE_NAMES, rememberLocale, type AppLocale } from '../lib/locale.ts';
import { HeaderMenu } from './header-menu.tsx';

/** Switches the language now; when signed in the choice is also remembered on the server. */
export function useChangeLocale() {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  return async (locale: AppLocale) => {
    rememberLocale(locale);
    // The server remembers the choice at once, while the page fetches its messages in that language.
    const me = queryClient.getQueryData<Me | null>(keys.me);
    const remembered =
      me && me.user.locale !== locale
        ? api<Me>('/api/me', { method: 'PATCH', body: { locale } }).then(
            (updated) => queryClient.setQueryData(keys.me, updated),
            // The page is in the new language anyway; the server keeps the old one until next time.
            () => {},
          )
        : undefined;
    await i18n.changeLanguage(locale);
    await remembered;
  };
}

export function LanguageSwitch() {
  const { t } = useTranslation();
  const changeLocale = useChangeLocale();
  const active = currentLocale();
  return (
    <HeaderMenu
      label={t('language.switch', { language: LOCALE_NAMES[active] })}
      width={180}
      trigger={
        <>
          <IconLanguage size={20} aria-hidden />
          <span className="lang-label">{LOCALE_NAMES[active]}</span>
        </>
      }
    >
      {(close) =>
        APP_LOCALES.map((locale) => (
          <button
            key={locale}
            type="button"
            lang={locale}
            className="header-menu-item"
            aria-current={locale === active ? 'true' : undefined}
            onClick={() => {
              close();
              void changeLocale(locale);
            }}
          >
            <span style={{ flex: 1 }}>{LOCALE_NAMES[locale]}</span>
            {locale === active ? <IconCheck size={16} aria-hidden /> : null}
          </button>
        ))
      }
    </HeaderMenu>
  );
}
