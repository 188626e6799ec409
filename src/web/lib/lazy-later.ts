import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { catalogueReady } from '../catalogue.ts';

/**
 * A part of a page that is not drawn with it (a dialog, what follows a tap): its code loads when it
 * is first shown, or once the page is idle, so that the app's offline copy holds it and it shows
 * without signal too. Like a route's page, it draws once the part of the catalogue its code asked
 * for has arrived. If it still cannot load, it draws `orElse` (nothing, by default) and the page
 * stays as it was.
 */
export function lazyLater<P extends object>(load: () => Promise<ComponentType<P>>, orElse: ComponentType<P> = () => null): LazyExoticComponent<ComponentType<P>> {
  if (typeof window !== 'undefined') window.setTimeout(() => void load().catch(() => {}), 3000);
  return lazy(async () => {
    try {
      const component = await load();
      await catalogueReady();
      return { default: component };
    } catch {
      return { default: orElse };
    }
  });
}
