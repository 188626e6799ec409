// Session kinds and who may cancel which, as plain data shared by the server and the browser (which must not load zod).

export const SESSION_KINDS = ['therapy', 'parent_coaching', 'team_meeting', 'plan_review', 'school_meeting'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** The sessions a guardian may cancel themselves: their child's therapy and their own coaching. Meetings are the clinic's to run. */
export const FAMILY_CANCELLABLE_KINDS: readonly SessionKind[] = ['therapy', 'parent_coaching'];
export const familyMayCancel = (kind: SessionKind): boolean => FAMILY_CANCELLABLE_KINDS.includes(kind);
