import { useQuery } from '@tanstack/react-query';
import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { createContext, useContext, useEffect } from 'react';
import { meQuery } from '../api/queries.ts';
import { useRealtimeConnection } from '../api/realtime.ts';
import type { Me } from '../api/types.ts';
import { OutboxBanner } from '../components/outbox-banner.tsx';

const MeContext = createContext<Me | null>(null);

let signingOut = false;

/** After a deliberate sign-out, the sign-in page should not offer to return to the old page. */
export function markSigningOut(): void {
  signingOut = true;
}

/** The signed-in person. Only used below AuthedLayout, which guarantees one. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() is only available on signed-in pages.');
  return me;
}

export function AuthedLayout() {
  const me = useQuery(meQuery).data ?? null;
  if (!me) return <ToSignIn />;
  return (
    <MeContext.Provider value={me}>
      <Realtime />
      <OutboxBanner />
      <Outlet />
    </MeContext.Provider>
  );
}

function Realtime() {
  useRealtimeConnection();
  return null;
}

/**
 * The session is gone (signed out, timed out): go to sign-in once. Navigating on every render
 * would start a new navigation each time the pending one re-renders this page, without end.
 */
function ToSignIn() {
  const navigate = useNavigate();
  const href = useLocation().href;
  useEffect(() => {
    const search = signingOut ? {} : { redirect: href };
    signingOut = false;
    void navigate({ to: '/login', search, replace: true });
    // Once, on mount: the address to come back to is the one the session ended on.
  }, []);
  return null;
}
