import { Container, useDirection } from '@mantine/core';
import { IconBooks, IconBulb, IconCalendarEvent, IconCalendarWeek, IconHeartHandshake, IconNews, IconSettings, IconSunHigh, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { childrenQuery, meQuery } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { isSchoolOnly } from '../features/strategies/school-only.ts';
import { isAppLocale } from '../lib/locale.ts';
import { applyTextSize } from '../lib/text-size.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { UserMenu } from './user-menu.tsx';

/** Clinicians: the resource library; families: what was given to them. */
function ResourcesLink() {
  const { t } = useTranslation();
  return (
    <Link to="/resources" className="nav-link" aria-label={t('resources.nav')} activeProps={{ 'aria-current': 'page' }}>
      <IconBooks size={20} aria-hidden />
      <span className="nav-label">{t('resources.nav')}</span>
    </Link>
  );
}

function MainNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  const isStaff = me.clinics.length > 0;
  const isAdmin = me.clinics.some((c) => c.role === 'admin');
  // School staff get no family pages: Today has no practice of theirs and news goes to families.
  const children = useQuery({ ...childrenQuery, enabled: !isStaff });
  const school = !isStaff && isSchoolOnly(children.data?.children);
  const homeLabel = isStaff ? t('nav.caseload') : school ? t('firstDay.school.nav') : t('nav.children');
  return (
    <nav aria-label={t('nav.main')} className="main-nav">
      <Link to="/" className="nav-link" aria-label={homeLabel} activeOptions={{ exact: true }} activeProps={{ 'aria-current': 'page' }}>
        <IconUsers size={20} aria-hidden />
        <span className="nav-label">{homeLabel}</span>
      </Link>
      {isStaff ? (
        <>
          <Link to="/strategies" className="nav-link" aria-label={t('strategies.nav')} activeProps={{ 'aria-current': 'page' }}>
            <IconBulb size={20} aria-hidden />
            <span className="nav-label">{t('strategies.nav')}</span>
          </Link>
          <ResourcesLink />
        </>
      ) : school ? null : (
        <>
          <Link to="/today" className="nav-link" aria-label={t('today.nav')} activeProps={{ 'aria-current': 'page' }}>
            <IconSunHigh size={20} aria-hidden />
            <span className="nav-label">{t('today.nav')}</span>
          </Link>
          <ResourcesLink />
          <Link to="/newsletters" className="nav-link" aria-label={t('newsletters.nav')} activeProps={{ 'aria-current': 'page' }}>
            <IconNews size={20} aria-hidden />
            <span className="nav-label">{t('newsletters.nav')}</span>
          </Link>
        </>
      )}
      <Link to="/calendar" className="nav-link" aria-label={t('calendarViews.nav')} activeProps={{ 'aria-current': 'page' }}>
        <IconCalendarWeek size={20} aria-hidden />
        <span className="nav-label">{t('calendarViews.nav')}</span>
      </Link>
      {/* On a phone's bottom bar five destinations are the most that keep their words whole: events
          are reached from the calendar (and from Today, when one is coming) there. */}
      <Link to="/events" className="nav-link nav-link-desk" aria-label={t('events.nav')} activeProps={{ 'aria-current': 'page' }}>
        <IconCalendarEvent size={20} aria-hidden />
        <span className="nav-label">{t('events.nav')}</span>
      </Link>
      {isAdmin ? (
        <Link to="/admin" className="nav-link" aria-label={t('nav.admin')} activeProps={{ 'aria-current': 'page' }}>
          <IconSettings size={20} aria-hidden />
          <span className="nav-label">{t('nav.admin')}</span>
        </Link>
      ) : null}
    </nav>
  );
}

/** Keeps <html lang dir>, Mantine's direction and the signed-in person's language in step. */
function useLanguageSync(me: Me | null) {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const serverLocale = me?.user.locale;

  useEffect(() => {
    if (isAppLocale(serverLocale) && serverLocale !== i18n.language) void i18n.changeLanguage(serverLocale);
  }, [serverLocale, i18n]);

  useEffect(() => {
    const apply = (lng: string) => setDirection(i18n.dir(lng));
    apply(i18n.language);
    i18n.on('languageChanged', apply);
    return () => i18n.off('languageChanged', apply);
  }, [i18n, setDirection]);
}

/** The signed-in person's text size, as their account keeps it (set on another device, say). */
function useTextSizeSync(me: Me | null) {
  const size = me?.user.textSize;
  useEffect(() => {
    if (size) applyTextSize(size);
  }, [size]);
}

/** After a client-side navigation, move focus to the page so screen readers start at the top. */
function useFocusOnNavigate(mainRef: React.RefObject<HTMLDivElement | null>) {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    const target = heading ?? mainRef.current;
    if (!target) return;
    if (target !== mainRef.current) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }, [pathname, mainRef]);
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useQuery(meQuery).data ?? null;
  const mainRef = useRef<HTMLDivElement>(null);
  useLanguageSync(me);
  useTextSizeSync(me);
  useFocusOnNavigate(mainRef);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('nav.skipToContent')}
      </a>
      <header className="app-header">
        <Container size="lg" className="app-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden>
              <IconHeartHandshake size={20} />
            </span>
            <span className="brand-name">CareTeam</span>
          </Link>
          {me ? <MainNav me={me} /> : null}
          <div className="header-spacer" />
          <LanguageSwitch />
          {me ? <NotificationBell /> : null}
          {me ? <UserMenu me={me} /> : null}
        </Container>
      </header>
      <Container size="lg" component="main" id="main" tabIndex={-1} ref={mainRef} className="app-main">
        <Outlet />
      </Container>
    </>
  );
}
