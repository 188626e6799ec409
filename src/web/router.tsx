import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  notFound,
  redirect,
} from '@tanstack/react-router';
import { ApiError } from './api/client.ts';
import { childQuery, meQuery, setupQuery } from './api/queries.ts';
import type { Permission } from './api/types.ts';
import { AppLayout } from './components/app-layout.tsx';
import { Loading } from './components/loading.tsx';
import { lazyRouteComponent } from './lib/lazy-route.ts';
import { AuthedLayout } from './routes/authed-layout.tsx';
import { NotFoundPage } from './routes/not-found-page.tsx';
import { RouteErrorPage } from './routes/route-error-page.tsx';

export interface RouterContext {
  queryClient: QueryClient;
}

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeRedirect(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
  beforeLoad: async ({ context, location }) => {
    const status = await context.queryClient.ensureQueryData(setupQuery);
    if (status.needsSetup && location.pathname !== '/setup') throw redirect({ to: '/setup', replace: true });
    await context.queryClient.ensureQueryData(meQuery);
  },
});

// ---- Public pages -------------------------------------------------------------------------

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.ensureQueryData(setupQuery);
    if (!status.needsSetup) throw redirect({ to: '/', replace: true });
  },
  component: lazyRouteComponent(() => import('./routes/setup-page.tsx'), 'SetupPage'),
});

interface LoginSearch {
  redirect?: string;
  step?: 'code';
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): LoginSearch => {
    const result: LoginSearch = {};
    const to = safeRedirect(search.redirect);
    if (to) result.redirect = to;
    if (search.step === 'code') result.step = 'code';
    return result;
  },
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me) throw redirect({ href: search.redirect ?? '/', replace: true });
  },
  component: lazyRouteComponent(() => import('./routes/login-page.tsx'), 'LoginPage'),
});

interface TokenSearch {
  token?: string;
}

const tokenSearch = (search: Record<string, unknown>): TokenSearch => {
  const token = optionalString(search.token);
  return token ? { token } : {};
};

const signInLinkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signin/link',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./routes/signin-link-page.tsx'), 'SignInLinkPage'),
});

const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('./routes/reset-page.tsx'), 'ResetPage'),
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: lazyRouteComponent(() => import('./routes/invite-page.tsx'), 'InvitePage'),
});

// The link in an optional mail: works without signing in, asks before it changes anything.
const unsubscribeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/unsubscribe/$token',
  component: lazyRouteComponent(() => import('./routes/unsubscribe-page.tsx'), 'UnsubscribePage'),
});

// An interpreter's guest link to one video call: no account, the token in the fragment.
const guestVideoRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/video/$roomId/guest',
  component: lazyRouteComponent(() => import('./routes/video-page.tsx'), 'GuestVideoPage'),
});

// ---- Signed-in pages ----------------------------------------------------------------------

const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/login', search: { redirect: location.href }, replace: true });
    if (me.mustEnrolTwoFactor && location.pathname !== '/account') {
      throw redirect({ to: '/account', hash: 'two-factor', replace: true });
    }
    return { me };
  },
  component: AuthedLayout,
});

const videoRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/video/$roomId',
  component: lazyRouteComponent(() => import('./routes/video-page.tsx'), 'VideoPage'),
});

// The link in the archive mail: the person who asked, signed in, downloads the ZIP once.
const archiveLinkRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/archive/$token',
  component: lazyRouteComponent(() => import('./routes/archive-link-page.tsx'), 'ArchiveLinkPage'),
});

const homeRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/',
  // The page's answers travel beside its code; the page draws once both are in.
  loader: async ({ context }) => (await import('./routes/home-page.tsx')).prefetchHome(context.queryClient, context.me),
  component: lazyRouteComponent(() => import('./routes/home-page.tsx'), 'HomePage'),
});

const newChildRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/children/new',
  beforeLoad: ({ context }) => {
    if (context.me.clinics.length === 0) throw notFound();
  },
  component: lazyRouteComponent(() => import('./routes/child-new-page.tsx'), 'NewChildPage'),
});

async function loadChild(queryClient: QueryClient, childId: string, permission?: Permission): Promise<void> {
  try {
    const child = await queryClient.ensureQueryData(childQuery(childId));
    if (permission && !child.abilities.includes(permission)) throw notFound();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) throw notFound();
    throw error;
  }
}

export const childRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/children/$childId',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId),
  component: lazyRouteComponent(() => import('./routes/child-page.tsx'), 'ChildPage'),
});

const childOverviewRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./routes/child-overview-tab.tsx'), 'ChildOverviewTab'),
});

const childSection = (section: 'sessions') =>
  createRoute({
    getParentRoute: () => childRoute,
    path: `/${section}`,
    staticData: { section },
    component: lazyRouteComponent(() => import('./routes/child-section-tab.tsx'), 'ChildSectionTab'),
  });

// Messages: the conversation list, and beside it (or instead of it, on a phone) the open conversation.
const childMessagesRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/messages',
  component: lazyRouteComponent(() => import('./routes/child-messages-tab.tsx'), 'ChildMessagesTab'),
});

const messagesIndexRoute = createRoute({
  getParentRoute: () => childMessagesRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./routes/child-messages-tab.tsx'), 'MessagesIndex'),
});

const conversationRoute = createRoute({
  getParentRoute: () => childMessagesRoute,
  path: '/$conversationId',
  component: lazyRouteComponent(() => import('./routes/child-messages-tab.tsx'), 'ConversationPage'),
});

const childPlanRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/plan',
  component: lazyRouteComponent(() => import('./routes/child-plan-tab.tsx'), 'ChildPlanTab'),
});

const childPracticeRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/practice',
  component: lazyRouteComponent(() => import('./routes/child-practice-tab.tsx'), 'ChildPracticeTab'),
});

const childJournalRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/journal',
  component: lazyRouteComponent(() => import('./routes/child-journal-tab.tsx'), 'ChildJournalTab'),
});

// Before a session: practice against plan, the journal since, and patterns over the last weeks.
const childSinceRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/since',
  loader: async ({ context, params }) => {
    await loadChild(context.queryClient, params.childId, 'journal.view');
    await loadChild(context.queryClient, params.childId, 'practice.view');
  },
  component: lazyRouteComponent(() => import('./routes/child-since-page.tsx'), 'ChildSincePage'),
});

// A check-in to answer: its respondent opens it from Today or a notification.
const childCheckinRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/checkins/$assignmentId/$occurrence',
  component: lazyRouteComponent(() => import('./routes/child-checkin-page.tsx'), 'ChildCheckinPage'),
});

// A team meeting or plan review: who is invited, the shared agenda, links to prepare, its review.
const childMeetingRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/sessions/$sessionId',
  // Someone invited by name may open the meeting without seeing the child's other sessions.
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId),
  component: lazyRouteComponent(() => import('./routes/child-meeting-page.tsx'), 'ChildMeetingPage'),
});

// The family's view of progress: each guardian rates the goals before a review.
const childGoalRatingsRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/goal-ratings',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId, 'plan.view'),
  component: lazyRouteComponent(() => import('./routes/child-goal-ratings-page.tsx'), 'ChildGoalRatingsPage'),
});

const childResourcesRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/resources',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId, 'plan.view'),
  component: lazyRouteComponent(() => import('./routes/child-resources-tab.tsx'), 'ChildResourcesTab'),
});

const childResourceRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/resources/$childResourceId',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId, 'plan.view'),
  component: lazyRouteComponent(() => import('./routes/child-resources-tab.tsx'), 'ChildResourcePage'),
});

const childTeamRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/team',
  component: lazyRouteComponent(() => import('./routes/child-team-tab.tsx'), 'ChildTeamTab'),
});

const childReviewsRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/reviews',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId, 'plan.view'),
  component: lazyRouteComponent(() => import('./routes/child-reviews-page.tsx'), 'ChildReviewsPage'),
});

// The child's wins stand on their own page, big and simple, to look at with the child.
const childWinsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/children/$childId/wins',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId, 'plan.view'),
  component: lazyRouteComponent(() => import('./routes/child-wins-page.tsx'), 'ChildWinsPage'),
});

// The sticker chart is for the child and a parent to fill together: a page of its own, big and bright.
const childStickersRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/children/$childId/stickers',
  loader: ({ context, params }) => loadChild(context.queryClient, params.childId, 'practice.view'),
  component: lazyRouteComponent(() => import('./routes/child-stickers-page.tsx'), 'ChildStickersPage'),
});

const todayRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/today',
  component: lazyRouteComponent(() => import('./routes/today-page.tsx'), 'TodayPage'),
});

type CalendarSearch = { view?: 'week' | 'day'; date?: string };

const calendarRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/calendar',
  validateSearch: (search: Record<string, unknown>): CalendarSearch => {
    const result: CalendarSearch = {};
    if (search.view === 'day' || search.view === 'week') result.view = search.view;
    if (typeof search.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.date)) result.date = search.date;
    return result;
  },
  component: lazyRouteComponent(() => import('./routes/calendar-page.tsx'), 'CalendarPage'),
});

const strategiesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/strategies',
  beforeLoad: ({ context }) => {
    if (context.me.clinics.length === 0) throw notFound();
  },
  component: lazyRouteComponent(() => import('./routes/strategies-page.tsx'), 'StrategiesPage'),
});

// Clinicians: the clinic's check-in forms, the editor and its preview.
const clinicianOnly = ({ context }: { context: { me: { clinics: readonly unknown[] } } }) => {
  if (context.me.clinics.length === 0) throw notFound();
};
const checkinFormsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/checkin-forms',
  beforeLoad: clinicianOnly,
  component: lazyRouteComponent(() => import('./routes/checkin-forms-page.tsx'), 'CheckinFormsPage'),
});
const newCheckinFormRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/checkin-forms/new',
  beforeLoad: clinicianOnly,
  component: lazyRouteComponent(() => import('./routes/checkin-forms-page.tsx'), 'NewCheckinFormPage'),
});
const checkinFormRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/checkin-forms/$formId',
  beforeLoad: clinicianOnly,
  component: lazyRouteComponent(() => import('./routes/checkin-forms-page.tsx'), 'CheckinFormPage'),
});

// Clinicians: the clinic's resource library; families: the resources given to their children.
const resourcesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/resources',
  component: lazyRouteComponent(() => import('./routes/resources-page.tsx'), 'ResourcesPage'),
});

const childSupportRoute = createRoute({
  getParentRoute: () => childRoute,
  path: '/support',
  component: lazyRouteComponent(() => import('./routes/child-support-tab.tsx'), 'ChildSupportTab'),
});

const newslettersRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/newsletters',
  component: lazyRouteComponent(() => import('./routes/newsletters-page.tsx'), 'NewslettersPage'),
});

const newsletterRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/newsletters/$newsletterId',
  component: lazyRouteComponent(() => import('./routes/newsletter-page.tsx'), 'NewsletterPage'),
});

const eventsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/events',
  component: lazyRouteComponent(() => import('./routes/events-page.tsx'), 'EventsPage'),
});

const eventNewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/events/new',
  component: lazyRouteComponent(() => import('./routes/event-form-page.tsx'), 'NewEventPage'),
});

const eventRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/events/$eventId',
  component: lazyRouteComponent(() => import('./routes/event-page.tsx'), 'EventPage'),
});

const eventEditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/events/$eventId/edit',
  component: lazyRouteComponent(() => import('./routes/event-form-page.tsx'), 'EditEventPage'),
});

const eventPrintRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/events/$eventId/print',
  component: lazyRouteComponent(() => import('./routes/event-print-page.tsx'), 'EventPrintPage'),
});

const accountRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('./routes/account-page.tsx'), 'AccountPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/notifications',
  component: lazyRouteComponent(() => import('./routes/notifications-page.tsx'), 'NotificationsPage'),
});

const adminRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin',
  beforeLoad: ({ context }) => {
    if (!context.me.clinics.some((c) => c.role === 'admin')) throw notFound();
  },
  component: lazyRouteComponent(() => import('./routes/admin-page.tsx'), 'AdminPage'),
});

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/admin/clinicians', replace: true });
  },
});

const adminCliniciansRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/clinicians',
  component: lazyRouteComponent(() => import('./routes/admin-clinicians-tab.tsx'), 'AdminCliniciansTab'),
});

const adminOutboxRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/outbox',
  component: lazyRouteComponent(() => import('./routes/admin-outbox-tab.tsx'), 'AdminOutboxTab'),
});

const adminAuditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/audit',
  component: lazyRouteComponent(() => import('./routes/admin-audit-tab.tsx'), 'AdminAuditTab'),
});

const adminTemplatesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/templates',
  component: lazyRouteComponent(() => import('./routes/admin-templates-tab.tsx'), 'AdminTemplatesTab'),
});

const quickRepliesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/quick-replies',
  beforeLoad: ({ context }) => {
    if (context.me.clinics.length === 0) throw notFound();
  },
  component: lazyRouteComponent(() => import('./routes/quick-replies-page.tsx'), 'QuickRepliesPage'),
});

const adminCheckinsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/checkins',
  component: lazyRouteComponent(() => import('./routes/admin-checkins-tab.tsx'), 'AdminCheckinsTab'),
});

const adminNoticesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/notices',
  component: lazyRouteComponent(() => import('./routes/admin-notices-tab.tsx'), 'AdminNoticesTab'),
});

const adminNewslettersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/newsletters',
  component: lazyRouteComponent(() => import('./routes/admin-newsletters-tab.tsx'), 'AdminNewslettersTab'),
});

const adminSettingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./routes/admin-settings-tab.tsx'), 'AdminSettingsTab'),
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  signInLinkRoute,
  resetRoute,
  inviteRoute,
  unsubscribeRoute,
  guestVideoRoute,
  authedRoute.addChildren([
    homeRoute,
    archiveLinkRoute,
    videoRoute,
    newChildRoute,
    childRoute.addChildren([
      childOverviewRoute,
      childPlanRoute,
      childSupportRoute,
      childPracticeRoute,
      childJournalRoute,
      childSinceRoute,
      childCheckinRoute,
      childMessagesRoute.addChildren([messagesIndexRoute, conversationRoute]),
      childSection('sessions'),
      childMeetingRoute,
      childTeamRoute,
      childReviewsRoute,
      childResourcesRoute,
      childResourceRoute,
      childGoalRatingsRoute,
    ]),
    childWinsRoute,
    childStickersRoute,
    todayRoute,
    calendarRoute,
    strategiesRoute,
    resourcesRoute,
    checkinFormsRoute,
    newCheckinFormRoute,
    checkinFormRoute,
    newslettersRoute,
    newsletterRoute,
    eventsRoute,
    eventNewRoute,
    eventRoute,
    eventEditRoute,
    eventPrintRoute,
    quickRepliesRoute,
    accountRoute,
    notificationsRoute,
    adminRoute.addChildren([
      adminIndexRoute,
      adminCliniciansRoute,
      adminNewslettersRoute,
      adminOutboxRoute,
      adminAuditRoute,
      adminTemplatesRoute,
      adminNoticesRoute,
      adminCheckinsRoute,
      adminSettingsRoute,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Query caches the data; the router only needs to start the fetches.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: Loading,
    defaultNotFoundComponent: NotFoundPage,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface StaticDataRouteOption {
    section?: 'sessions';
  }
}
