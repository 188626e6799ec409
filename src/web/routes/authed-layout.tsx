import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from '@tanstack/react-router';
import { createContext, useContext } from 'react';
import { meQuery } from '../api/queries.ts';
import type { Me } from '../api/types.ts';

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
  const location = useLocation();
  if (!me) {
    const search = signingOut ? {} : { redirect: location.href };
    signingOut = false;
    return <Navigate to="/login" search={search} replace />;
  }
  return (
    <MeContext.Provider value={me}>
      <Outlet />
    </MeContext.Provider>
  );
}
