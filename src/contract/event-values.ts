// Family events' values as plain data: shared by the server and the browser (which must not load
// zod). src/contract/events.ts wraps them in schemas.

export const EVENT_KINDS = ['workshop', 'parent_group', 'open_day', 'performance', 'other'] as const;

/** Where: an address, or a video call (its room comes with video; the note says how to join until then). */
export const EVENT_PLACES = ['address', 'video'] as const;

export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** A party's size: a family answers for itself, not for a crowd. */
export const MAX_PARTY = 12;

/**
 * Languages an interpreter is often asked for, offered first in the form (any BCP 47 code is
 * accepted): Spanish, Vietnamese, Chinese, Arabic, Somali, Haitian Creole, Portuguese, Russian,
 * Tagalog, Korean, French, Ukrainian, Dari, Pashto, Hmong, Nepali, and American Sign Language.
 */
export const INTERPRETER_LANGUAGES = ['es', 'vi', 'zh', 'ar', 'so', 'ht', 'pt', 'ru', 'tl', 'ko', 'fr', 'uk', 'prs', 'ps', 'hmn', 'ne', 'ase'] as const;
