import type { ChildListItem } from '../../api/types.ts';

// Its own module: the app's frame asks it on every page, and the school's home page loads with its route.

/** Someone who is on children's teams only as school staff: they get the school's pages, not the families'. */
export function isSchoolOnly(children: readonly Pick<ChildListItem, 'myRole'>[] | undefined): boolean {
  return !!children && children.length > 0 && children.every((c) => c.myRole === 'teacher');
}
