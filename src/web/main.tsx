// Mantine's base layer only: each component's CSS comes with the module that uses it (see vite.config.ts).
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import './styles/app.css';

import { DirectionProvider, MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ApiError, onUnauthenticated, setCsrfToken } from './api/client.ts';
import { onOutboxSent, startOutbox } from './api/outbox.ts';
import { keys, meQuery, setupQuery } from './api/queries.ts';
import { Toasts } from './components/toasts.tsx';
import { i18n, i18nReady } from './i18n.ts';
import { isAppLocale, rememberLocale } from './lib/locale.ts';
import { applyTextSize, storedTextSize } from './lib/text-size.ts';
import { createAppRouter } from './router.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

const PUBLIC_PATHS = ['/login', '/setup', '/reset', '/signin/link', '/invite/'];

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: true,
    },
  },
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
});

const router = createAppRouter(queryClient);

// A session that ended (idle time-out, signed out elsewhere): back to sign-in, then back here.
onUnauthenticated((code) => {
  setCsrfToken(null);
  queryClient.setQueryData(keys.me, null);
  const location = router.latestLocation;
  if (PUBLIC_PATHS.some((p) => location.pathname.startsWith(p))) return;
  void router.navigate({
    to: '/login',
    search: code === 'mfa_required' ? { redirect: location.href, step: 'code' } : { redirect: location.href },
    replace: true,
  });
});

// Writes kept on the device while offline go out when the connection returns; then the screen catches up.
startOutbox();
onOutboxSent(() => void queryClient.invalidateQueries());

// The installed app opens without signal: the service worker keeps the app's own files.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => {}));
}

// The text size this browser last used, before anything draws; the account's own follows (app-layout.tsx).
applyTextSize(storedTextSize());

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

// The first answers the router waits for, and the page's own code, travel while the language's
// catalogue arrives, rather than one after the other.
void queryClient.prefetchQuery(setupQuery);
void queryClient.prefetchQuery(meQuery);
const [matchedRoutes] = router.getMatchedRoutes(window.location.pathname);
// In a task of its own: asking for a page's code adds a link to the document for each of its files,
// long work for a phone on top of starting the app.
setTimeout(() => {
  for (const route of matchedRoutes) void router.loadRouteChunk(route)?.catch(() => {});
});
// The first page's checks, answers and code load before anything draws, so that the page draws
// whole, in one transition (below). Should that take longer than the router waits before it shows
// its pending page, the app draws meanwhile and the router finishes the load as usual.
const firstPageLoaded = router.load().catch(() => {});

// Not awaited at the top of this module: the page's code imports modules of this chunk, which would
// wait for this module to finish.
void (async () => {
  await i18nReady.catch(() => {});
  // The signed-in person's own language before anything draws (this browser may remember another, or
  // none): no page flashes in English first, and what a page starts with (a new check-in form's
  // language) is theirs.
  const ownLocale = (await queryClient.ensureQueryData(meQuery).catch(() => null))?.user.locale;
  if (isAppLocale(ownLocale) && ownLocale !== i18n.language) {
    rememberLocale(ownLocale);
    await i18n.changeLanguage(ownLocale).catch(() => {});
  }
  await Promise.race([firstPageLoaded, new Promise((resolve) => setTimeout(resolve, router.options.defaultPendingMs))]);

  // As a transition, React draws the first page in slices and lets the browser handle input between
  // them, rather than in one long task (the router's own update would render it at once).
  const reactRoot = createRoot(root);
  startTransition(() =>
    reactRoot.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <DirectionProvider initialDirection={i18n.dir(i18n.language)} detectDirection={false}>
            <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
              <Toasts />
              <QueryClientProvider client={queryClient}>
                <RouterProvider router={router} />
              </QueryClientProvider>
            </MantineProvider>
          </DirectionProvider>
        </I18nextProvider>
      </StrictMode>,
    ),
  );
})();
