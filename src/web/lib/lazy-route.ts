import { lazyRouteComponent as lazyComponent } from '@tanstack/react-router';
import { catalogueReady } from '../catalogue.ts';

/**
 * A route's page loaded with its route, as TanStack's `lazyRouteComponent`, shown once the parts of
 * the catalogue its code asked for have arrived: a page never draws its keys instead of its words.
 */
export const lazyRouteComponent: typeof lazyComponent = (importer, exportName) =>
  lazyComponent(async () => {
    const page = await importer();
    await catalogueReady();
    return page;
  }, exportName);
