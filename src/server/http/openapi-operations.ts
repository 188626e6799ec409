// One line per API operation, keyed by its operationId (method + path, see operationId() in
// openapi.ts): its summary, and what its route cannot say in its configuration — error statuses
// its handler answers beyond those derived centrally, and headers it reads. A new route needs its
// line here; the OpenAPI lint (`npm run lint:openapi`) names any operation without a summary.
// Not listed, on purpose: POST /api/test/clock, which exists only under TEST_CLOCK (browser tests,
// never production; see http/test-clock.ts), is hidden from the document and is no part of the API,
// so the route-derived tests (built without TEST_CLOCK) never meet it.
import type { ErrorStatus } from './openapi.ts';

export type OperationNotes = {
  summary: string;
  /** Error statuses the handler itself answers, beyond the ones its configuration implies. */
  errors?: readonly ErrorStatus[];
  /** Request headers the handler reads, by parameter component name. */
  headers?: readonly ('Range' | 'IfNoneMatch')[];
};

/** What each tag (a feature's operations) is about. */
export const TAGS: Record<string, string> = {
  health: 'Whether the server and its database answer (public).',
  setup: 'The first visit: creating the clinic and its first admin (public until done).',
  auth: 'Signing in and out: password, two-factor codes, one-time sign-in and reset links.',
  me: 'The signed-in person: profile, password, two-factor sign-in, optional email.',
  invitations: 'Invitation links: what they invite to, and accepting them.',
  children: 'The children a person cares for, and each child’s record and family profile.',
  team: 'A child’s care team: members, their permissions, and invitations.',
  admin: 'Clinic administration: clinicians, outbox, audit trail, settings, shared replies, urgent notices.',
  plan: 'Goals agreed with the family, and their measurements.',
  practice: 'Home practice: what to practise, logs, reminders.',
  journal: 'The home journal, and what happened since the last session.',
  milestones: 'Milestones and wins worth celebrating.',
  reviews: 'Plan reviews held with the family.',
  sessions: 'A child’s sessions and meetings: scheduling, who is invited, their answers, cancellations.',
  strategies: 'The strategy library, and the strategies everyone uses with a child.',
  resources: 'Resources for families: the clinic’s library of articles, links, videos and PDFs, and the ones given to a child’s family.',
  'good news': 'Good news, on purpose: families who have heard nothing positive for two weeks, and the good news sent to them.',
  uploads: 'Files uploaded for a child (photos, documents, clips).',
  messages: 'Conversations of a child’s team.',
  'quick replies': 'Ready-made replies for messages.',
  translations: 'Goals, practice items, session summaries, the clinic’s own strategies, newsletters and urgent notices in each reader’s language: the machine’s translation, and a clinician’s own, which the family sees instead.',
  notifications: 'In-app notifications and how a person is notified.',
  digests: 'The weekly digest: the therapist’s note and unsubscribing from optional mail.',
  newsletters: 'Clinic newsletters to families.',
  events: 'Family events: workshops, parent groups, open days, performances; answers, counts and calendar files.',
  checkins: 'Check-ins: the clinic’s forms, a child’s assignments on a cadence, answers (half-done or sent), trends, free text and the partnership summary.',
  realtime: 'Live events (server-sent events).',
  fhir: 'The read-only FHIR R4 endpoint under `/fhir/r4`: a child’s record (Patient, RelatedPerson, Practitioner, CareTeam, Goal, Observation, CarePlan, Appointment, Communication) for another service, as the signed-in reader may see it. Answers are `application/fhir+json`; errors keep the API’s own error body. See `docs/fhir.md`.',
  archive: 'The family’s archive (a ZIP of everything about a child the person may see: README, JSON per kind of record, CSV, files) and the clinic export (every child of the clinic, for admins holding clinic.export): built by a job, mailed as a link that works once, for a day, for the person who asked.',
  reports: 'Progress reports: a PDF of a child’s goals, home practice, strategies, milestones and session summaries over a period, in a language the reader picks (a therapist on the team or a guardian).',
  video: 'Video visits: a room per video session and video family event, its waiting room and host, the signalling relay (offers, answers, ICE candidates) and interpreters’ guest links. Public routes: a signed-in person who attends the session or may see the event, or an `Authorization: Bearer` guest token; anyone else gets 404.',
};

/** A raw picture body (PUT …/image) can be too large or of a type not accepted. */
const RAW_BODY: readonly ErrorStatus[] = [413, 415];

export const OPERATIONS: Record<string, OperationNotes> = {
  // health and setup
  getHealth: { summary: 'Whether the server and its database answer' },
  getSetup: { summary: 'Whether this CareTeam still needs its first clinic' },
  postSetup: { summary: 'Create the first clinic and its admin, and sign in', errors: [409] },

  // auth
  postAuthLogin: { summary: 'Sign in with email and password' },
  postAuthTotp: { summary: 'Finish signing in with a two-factor code' },
  postAuthLogout: { summary: 'Sign out and end the session' },
  postAuthLink: { summary: 'Email a one-time sign-in link' },
  postAuthLinkConsume: { summary: 'Sign in with a one-time sign-in link', errors: [410] },
  postAuthReset: { summary: 'Email a password-reset link' },
  postAuthResetComplete: { summary: 'Set a new password with a reset link', errors: [410] },

  // me
  getMe: { summary: 'The signed-in person, their clinics and CSRF token' },
  getSession: { summary: 'Whether this browser is signed in, and who: never an error for the signed-out' },
  getAdminFirstSteps: { summary: 'The first steps of setting up the clinic, each ticked from what exists' },
  postAdminFirstStepsDismiss: { summary: 'Hide the first-steps checklist for the clinic' },
  postChildInvitationLink: { summary: 'A fresh link for a pending invitation to a child’s team (the earlier one stops working)' },
  postChildInvitationResend: { summary: 'Send a pending invitation to a child’s team again, with a fresh link' },
  getClinicClinicians: { summary: 'The clinic’s clinicians a child’s team can be given' },
  postChildTeamTherapists: { summary: 'Put a therapist of the clinic on a child’s team' },
  postAdminInvitationLink: { summary: 'A fresh link for a pending clinician invitation (the earlier one stops working)' },
  postAdminInvitationResend: { summary: 'Send a pending clinician invitation again, with a fresh link' },
  patchMe: { summary: 'Change the signed-in person’s name, language, clock, phone or text size' },
  postMePassword: { summary: 'Change the signed-in person’s password' },
  postMeTotpSetup: { summary: 'Start setting up two-factor sign-in' },
  postMeTotpEnable: { summary: 'Turn on two-factor sign-in with a first code' },
  getMeMail: { summary: 'Which optional emails the signed-in person receives' },
  putMeMail: { summary: 'Choose which optional emails to receive' },

  // invitations
  getInvitation: { summary: 'What an invitation link invites to', errors: [410] },
  postInvitationAccept: { summary: 'Accept an invitation and join the team', errors: [410] },

  // children
  getChildren: { summary: 'The children the signed-in person is on the team of' },
  postChildren: { summary: 'Add a child to the clinic' },
  postChildDischarge: { summary: 'Discharge a child: the record becomes read-only for everyone and is purged after the clinic’s retention period (a therapist on the team or a clinic admin)', errors: [409] },
  postChildReadmit: { summary: 'Take back a child’s discharge before the purge (a therapist on the team or a clinic admin)', errors: [409] },
  getChild: { summary: 'A child’s record, with the caller’s role and abilities' },
  patchChild: { summary: 'Change a child’s details or family profile' },

  // team
  getChildTeam: { summary: 'A child’s care team and pending invitations' },
  postChildInvitations: { summary: 'Invite someone to a child’s team' },
  deleteChildInvitation: { summary: 'Cancel a pending invitation to a child’s team' },
  patchChildTeamMember: { summary: 'Change a team member’s permissions' },
  deleteChildTeamMember: { summary: 'Remove someone from a child’s team', errors: [409] },

  // admin
  getAdminClinicians: { summary: 'The clinic’s clinicians and pending staff invitations' },
  postAdminInvitations: { summary: 'Invite a clinician to the clinic' },
  deleteAdminInvitation: { summary: 'Cancel a pending clinician invitation' },
  getAdminOutbox: { summary: 'Mail kept in the clinic’s outbox' },
  getAdminAudit: { summary: 'A page of the clinic’s audit trail' },
  getAdminClinic: { summary: 'The clinic’s settings' },
  patchAdminClinic: { summary: 'Change the clinic’s settings' },
  getAdminTranslation: { summary: 'Whether message translation works: a check of the translation service made now, its last failure and the clinic’s characters this month' },
  postAdminTranslationTry: { summary: 'Translate a sentence of the admin’s own through the translation service, to see what families would read' },
  getAdminTemplates: { summary: 'The clinic’s shared quick replies' },
  postAdminTemplates: { summary: 'Add a shared quick reply for the clinic' },
  putAdminTemplate: { summary: 'Change a shared quick reply' },
  deleteAdminTemplate: { summary: 'Delete a shared quick reply' },
  getAdminNotices: { summary: 'The clinic’s urgent notices' },
  postAdminNotices: { summary: 'Send an urgent notice by email' },

  // plan
  getChildGoals: { summary: 'A child’s goals with their progress' },
  postChildGoals: { summary: 'Propose a goal for a child' },
  postChildGoalsSuggest: { summary: 'Suggest a goal to the therapist (family)' },
  patchChildGoal: { summary: 'Change a goal', errors: [409] },
  postChildGoalResponse: { summary: 'Agree to a proposed goal or ask for changes (guardian)' },
  putChildGoalPriority: { summary: 'Set the family’s priority for a goal and why it matters' },
  postChildGoalStatus: { summary: 'Change a goal’s status (met, paused, discontinued…)' },
  getChildGoalHistory: { summary: 'A goal’s history of changes and agreements' },
  postChildGoalMeasurements: { summary: 'Record a measurement of a goal' },

  // practice
  getChildPractice: { summary: 'A child’s home practice with this week’s logs' },
  postChildPractice: { summary: 'Assign home practice to a child' },
  getToday: { summary: 'Today’s practice for every child of the signed-in person' },
  patchChildPracticeItem: { summary: 'Change a practice item', errors: [409] },
  postChildPracticeItemStatus: { summary: 'Pause, resume or end a practice item' },
  getChildReminder: { summary: 'The signed-in person’s practice reminder for a child' },
  putChildReminder: { summary: 'Set the practice reminder for a child' },
  getChildPracticeItemHistory: { summary: 'A practice item’s logs and changes' },
  postChildPracticeItemLogs: { summary: 'Log a practice (done, partly, skipped)' },

  // journal
  getChildJournal: { summary: 'A child’s home journal' },
  postChildJournal: { summary: 'Write a journal entry' },
  putChildJournalEntry: { summary: 'Edit a journal entry (its earlier versions are kept)' },
  getChildJournalEntryHistory: { summary: 'A journal entry’s earlier versions' },
  getChildSince: { summary: 'What happened for a child since a date (for the next session)' },
  putChildJournalSettings: { summary: 'Choose who sees new journal entries by default' },

  // milestones
  getChildMilestones: { summary: 'A child’s milestones and wins' },
  postChildMilestones: { summary: 'Celebrate a milestone or win' },
  postChildMilestoneSeen: { summary: 'Mark a milestone as seen' },
  getMilestonesRecent: { summary: 'Recent wins of the signed-in person’s children' },

  // sessions
  postChildSessions: { summary: 'Schedule a session for a child, once or repeating (refused when it clashes with a clinician’s other session)', errors: [409] },
  getChildSessions: { summary: 'A child’s sessions in a range of time that the caller may see, on the caller’s clock' },
  postChildSessionResponse: { summary: 'Say whether you will join a session', errors: [409] },
  postChildSessionCancel: { summary: 'Cancel a session with a reason (the record is kept)', errors: [409] },
  getChildSessionMeeting: { summary: 'A team meeting or plan review as the caller sees it: who is invited, the shared agenda (the family’s points first), its review' },
  postChildSessionAgenda: { summary: 'Add a point to a meeting’s agenda (before it starts; clinicians also after)', errors: [403, 409] },
  putChildSessionAgendaPoint: { summary: 'Change your own agenda point', errors: [403, 409] },
  deleteChildSessionAgendaPoint: { summary: 'Remove your own agenda point', errors: [403, 409] },
  postChildSessionReview: { summary: 'Record the plan review from a meeting that has started, its participants those who said they would come', errors: [409] },
  getMeSessions: { summary: 'The signed-in person’s own sessions across their children, for up to six weeks' },
  getMeSessionReminders: { summary: 'How long before each session the signed-in person is reminded' },
  putMeSessionReminders: { summary: 'Choose how long before each session to be reminded (up to three times, or none)' },
  getMeCalendarFeed: { summary: 'The signed-in person’s private calendar feed address, if they made one' },
  postMeCalendarFeed: { summary: 'Make the private calendar feed address, or reset it (the old address stops working)' },
  getCalendarToken: { summary: 'A private calendar feed (iCalendar) of the sessions its owner may see; the token is the only key', errors: [404] },
  getChildSessionIcs: { summary: 'One session as an iCalendar file to add to a calendar' },
  getChildSessionMoves: { summary: 'Requests to move a child’s upcoming sessions, as the caller may see them (a household only its own)' },
  postChildSessionMoves: { summary: 'Ask to move a session to one of up to three times (replaces the household’s open request)', errors: [409] },
  postChildSessionMovesOffer: { summary: 'Offer the households that asked another time for a session', errors: [409] },
  postChildSessionMoveAccept: { summary: 'Move a session to a time a household proposed (refused when it clashes)', errors: [409] },
  postChildSessionMoveDecline: { summary: 'Decline a household’s request to move a session, with a reason', errors: [409] },
  postChildSessionMoveAcceptOffer: { summary: 'Take the time the clinic offered: the session moves (refused when it clashes)', errors: [409] },
  postChildSessionFamilyCancel: { summary: 'A guardian cancels a session with a reason (the record is kept)', errors: [403, 409] },
  getChildSessionRecord: { summary: 'What happened in a session: the family summary in the reader’s language (attendance for those who manage sessions)' },
  putChildSessionRecord: { summary: 'Record a session that has started: who attended and the family summary (the family is told the first time)', errors: [409] },
  getChildSessionRecords: { summary: 'The records of a child’s sessions that have started in a range of time, as the caller may see them (one read for the Sessions tab)' },
  getChildSessionClinicalNotes: { summary: 'The private clinical notes of a child’s sessions in a range of time (clinicians with sessions.clinical_note only)' },
  getChildSessionClinicalNote: { summary: 'A session’s private clinical note (clinicians with sessions.clinical_note only)' },
  putChildSessionClinicalNote: { summary: 'Write or correct a session’s private clinical note (each version kept)', errors: [409] },

  // reviews
  getChildReviews: { summary: 'A child’s plan reviews' },
  postChildReviews: { summary: 'Record a plan review' },
  getChildReviewsPreview: { summary: 'What a plan review held on a date would record' },
  getChildReview: { summary: 'One plan review' },
  getChildGoalRatings: { summary: 'The family’s ratings of each goal since the last review, and whether they are asked now' },
  putChildGoalRatings: { summary: 'Rate how the child’s goals are going (a guardian, for themselves)', errors: [403] },
  postChildGoalRatingsRequest: { summary: 'Ask the family to rate how the goals are going before the review' },
  getGoalRatingsDue: { summary: 'The children whose goals the reader is asked to rate now' },

  // strategies
  getStrategies: { summary: 'Search the strategy library', errors: [404] },
  postStrategies: { summary: 'Add a strategy to the clinic’s library', errors: [404] },
  getStrategy: { summary: 'One strategy of the library' },
  patchStrategy: { summary: 'Change a strategy of the clinic' },
  postStrategyCopy: { summary: 'Copy a strategy into the clinic’s own library' },
  getStrategyImage: { summary: 'A strategy’s picture' },
  putStrategyImage: { summary: 'Set a strategy’s picture (the image bytes are the body)', errors: RAW_BODY },
  deleteStrategyImage: { summary: 'Remove a strategy’s picture' },
  getChildStrategies: { summary: 'The strategies everyone uses with a child' },
  postChildStrategies: { summary: 'Add a strategy to a child’s list' },
  patchChildStrategy: { summary: 'Change where and for which goals a child’s strategy is used' },
  deleteChildStrategy: { summary: 'Remove a strategy from a child’s list' },
  getChildStrategyImage: { summary: 'The picture of a strategy on a child’s list' },
  postChildStrategyUses: { summary: 'Log that a child’s strategy was used today, and whether it helped (the setting is the logger’s)' },
  getTodayStrategies: { summary: 'The strategies used at home with each child the signed-in person looks after, to log today' },

  // resources
  getResources: { summary: 'Search the clinic’s library of resources for families', errors: [404] },
  postResources: { summary: 'Add an article, link, video or PDF to the clinic’s library', errors: [404] },
  getResource: { summary: 'One resource of the library' },
  patchResource: { summary: 'Change a resource of the clinic' },
  deleteResource: { summary: 'Take a resource out of the library (families who have it keep it)' },
  postResourceFiles: { summary: 'Upload a PDF or video for the library (the file’s bytes are the body)', errors: [404, ...RAW_BODY] },
  getResourceFile: { summary: 'A library resource’s PDF or video', headers: ['Range', 'IfNoneMatch'] },
  getChildResources: { summary: 'The resources given to a child’s family' },
  postChildResources: { summary: 'Give a library resource to a child’s family, with a note' },
  deleteChildResource: { summary: 'Take back a resource given to a child’s family' },
  postChildResourceOpen: { summary: 'Note that the reader opened a resource given to the family' },
  putChildResourceHelpful: { summary: 'Say whether a resource helped' },
  getChildResourceFile: { summary: 'The PDF or video of a resource given to the family', headers: ['Range', 'IfNoneMatch'] },
  getFamilyResources: { summary: 'The resources given to each of the reader’s children' },

  // good news
  getGoodNews: { summary: 'The caseload families who have heard nothing positive from the team for two weeks, with their latest wins and goals going well' },
  postChildGoodNews: { summary: 'Mark a message just sent to the family as good news' },

  // uploads
  postChildUploads: { summary: 'Upload a file for a child (the file’s bytes are the body)' },
  getChildUpload: { summary: 'Download an uploaded file', headers: ['Range', 'IfNoneMatch'] },

  // messages
  getChildConversations: { summary: 'A child’s conversations the caller takes part in' },
  postChildConversations: { summary: 'Start a conversation with some of the team' },
  getChildConversationMessages: { summary: 'A page of a conversation’s messages' },
  postChildConversationMessages: { summary: 'Send a message' },
  postChildConversationMessageRetract: { summary: 'Retract a message just sent' },
  postChildConversationRead: { summary: 'Mark a conversation as read' },
  postChildConversationLeave: { summary: 'Leave a conversation' },
  getChildConversationEvents: { summary: 'Live events of a conversation (server-sent events)' },
  getMessagesUnread: { summary: 'Unread message counts per child and conversation' },

  // quick replies
  getQuickReplies: { summary: 'The caller’s and the clinic’s quick replies', errors: [404] },
  postQuickReplies: { summary: 'Add a personal quick reply', errors: [404] },
  putQuickReply: { summary: 'Change a personal quick reply' },
  deleteQuickReply: { summary: 'Delete a personal quick reply' },
  getChildTranslationSubjectIdLanguage: { summary: 'A goal’s or practice item’s wording, the machine’s translation into a language and the clinician’s own (outdated or not)' },
  putChildTranslationSubjectIdLanguage: { summary: 'Write or correct the translation of a goal or practice item into a language (shown to the family instead of the machine’s)' },
  getTranslationSubjectIdLanguage: { summary: 'A clinic strategy’s, newsletter’s or urgent notice’s wording, the machine’s translation into a language and the clinician’s own (outdated or not)' },
  putTranslationSubjectIdLanguage: { summary: 'Write or correct the translation of a clinic strategy, newsletter or urgent notice into a language (shown to readers instead of the machine’s)' },

  // notifications
  getNotifications: { summary: 'A page of the signed-in person’s notifications' },
  getNotificationsUnread: { summary: 'How many notifications are unread' },
  postNotificationRead: { summary: 'Mark a notification as read' },
  postNotificationsReadAll: { summary: 'Mark every notification as read' },
  getNotificationsSettings: { summary: 'How the signed-in person is notified' },
  putNotificationsSettings: { summary: 'Choose how to be notified' },
  postSmsInbound: { summary: 'A reply to a text message (the provider’s signed webhook): STOP and START', errors: [403] },

  // digests
  getChildDigestNote: { summary: 'The therapist’s note for a child’s weekly digest' },
  putChildDigestNote: { summary: 'Write the note for a child’s weekly digest' },
  getUnsubscribeToken: { summary: 'Which optional mail an unsubscribe link turns off' },
  postUnsubscribeToken: { summary: 'Turn off optional mail with an unsubscribe link' },

  // newsletters
  getAdminNewsletters: { summary: 'The clinic’s newsletters, drafts and sent' },
  postAdminNewsletters: { summary: 'Write a newsletter draft' },
  getAdminNewsletter: { summary: 'One newsletter of the clinic' },
  deleteAdminNewsletter: { summary: 'Delete a newsletter draft', errors: [409] },
  postAdminNewslettersPreview: { summary: 'Preview a newsletter and count its recipients' },
  putAdminNewsletterImage: { summary: 'Set a newsletter draft’s picture (the image bytes are the body)', errors: [...RAW_BODY, 409] },
  getAdminNewsletterImage: { summary: 'A newsletter’s picture (admin)' },
  postAdminNewsletterSend: { summary: 'Send or schedule a newsletter' },
  getNewsletters: { summary: 'Newsletters sent to the signed-in person' },
  getNewsletter: { summary: 'One newsletter sent to the signed-in person' },
  postNewsletterRead: { summary: 'Mark a newsletter as read' },
  getNewsletterImage: { summary: 'A newsletter’s picture' },

  // family events
  getFamilyEvents: { summary: 'The family events the signed-in person may see that have not ended' },
  postFamilyEventsPreview: { summary: 'Preview an event’s description and count the family members it reaches' },
  postFamilyEvents: { summary: 'Publish a family event (an admin for any families of the clinic, a therapist for children on their caseload)' },
  getFamilyEvent: { summary: 'One family event, on the reader’s clock' },
  putFamilyEvent: { summary: 'Change a family event (its organisers); those who answered are told', errors: [409] },
  postFamilyEventCancel: { summary: 'Cancel a family event with a reason; those who answered are told', errors: [409] },
  putFamilyEventRsvp: { summary: 'Answer a family event, or change the answer (refused when the seats asked for are more than are left)', errors: [409] },
  getFamilyEventRsvps: { summary: 'Who answered a family event, with counts and interpreter requests (its organisers)' },
  getFamilyEventIcs: { summary: 'A family event as an iCalendar file' },

  // reports
  postChildReports: { summary: 'Ask for a progress report: written at once for up to about a year (201), by a job for a longer period (202)' },
  getChildReport: { summary: 'Whether one’s progress report is ready, and where to download it' },
  getChildReportPdf: { summary: 'Download one’s progress report as a PDF (kept for a day)', errors: [409, 410] },
  // archive
  postChildArchives: { summary: 'Ask for the family’s archive of a child: a ZIP built by a job, then a one-time link by email (record.export)' },
  getChildArchives: { summary: 'One’s own archives of a child and how each is going' },
  postAdminArchives: { summary: 'Ask for the clinic export: every child of the clinic in one ZIP, then a one-time link by email (clinic.export)' },
  getAdminArchives: { summary: 'One’s own clinic exports and how each is going (clinic.export)' },
  getArchiveLink: { summary: 'What an emailed archive link holds for the person who asked: ready, used or expired' },
  postArchiveLinkDownload: { summary: 'Download the archive once; the link is used by this request', errors: [410] },
  // check-ins
  getCheckinForms: { summary: 'The check-in forms a clinician may assign: CareTeam’s starter set and the clinic’s own' },
  postCheckinForms: { summary: 'Add a clinic check-in form (items, texts in every language, optional scoring)' },
  getCheckinForm: { summary: 'One check-in form for its editor: whether the reader may change it, and which questions and choices have answers' },
  putCheckinForm: { summary: 'Change a clinic check-in form (answered questions keep their key, kind and chosen options)', errors: [403] },
  postCheckinFormCopy: { summary: 'Copy a check-in form (a starter one, to edit it) into the clinic’s own library' },
  getChildCheckins: { summary: 'A child’s check-ins: the assignments (its therapists) and what is open for the reader' },
  postChildCheckins: { summary: 'Assign a check-in form to a child’s respondents on a cadence (a therapist on the team)' },
  postChildCheckinStop: { summary: 'Stop an assigned check-in', errors: [409] },
  getChildCheckinOccurrence: { summary: 'One open check-in to answer: the form and the reader’s half-done answers' },
  postChildCheckinAnswers: { summary: 'Save answers to a check-in half-done, or send it (once)', errors: [409] },
  getChildCheckinsTrend: { summary: 'A child’s check-in scores per form and respondent, with a trend sentence (what the reader may see)' },
  getChildCheckinsTexts: { summary: 'A child’s free-text check-in answers since a date (what the reader may see)' },
  getCheckinsOpen: { summary: 'The check-ins waiting for the signed-in person across their children' },
  getCheckinsPartnership: { summary: 'Partnership answers per therapist, only as means of at least five answers' },

  // realtime
  getEvents: { summary: 'Live events for the signed-in person (server-sent events)' },

  // video (see contract/video.ts for the protocol)
  getVideoRoom: { summary: 'A video session’s or family event’s room: when it opens, whether it is open, the caller’s part and the ICE servers to use', errors: [403, 404] },
  postVideoRoomJoin: { summary: 'Join the room: the host opens it and is in; others wait until the host lets them in', errors: [403, 404, 409] },
  getVideoRoomStream: { summary: 'Server-sent events for one participant: the room’s people, signals addressed to them, removal and the end; closing it leaves', errors: [404] },
  postVideoRoomSignal: { summary: 'Relay an offer, answer or ICE candidate to another participant in the room', errors: [403, 404] },
  postVideoRoomMedia: { summary: 'Say whether one’s microphone and camera are on (turning the microphone on lifts the host’s mute)', errors: [403, 404] },
  postVideoRoomLeave: { summary: 'Leave the room', errors: [403, 404] },
  postVideoRoomHost: { summary: 'The host lets someone in, mutes them for everyone, removes them, or ends the call for all', errors: [403, 404, 409] },
  getVideoRoomGuests: { summary: 'The interpreters’ guest links of the session (host only)', errors: [404] },
  postVideoRoomGuests: { summary: 'Give an interpreter a one-time guest link to this session’s room and mail it (host only)', errors: [403, 404, 409] },
  // FHIR R4 (see docs/fhir.md)
  getFhirR4Metadata: { summary: 'The FHIR endpoint’s CapabilityStatement: what it serves and how to sign in' },
  getFhirR4PatientChild: { summary: 'A child as a FHIR Patient (record.export)' },
  getFhirR4PatientChildEverything: { summary: 'Patient/$everything: a child’s record as a FHIR searchset Bundle, as the reader may see it (record.export)' },
  getFhirR4Goal: { summary: 'Search a child’s goals as FHIR Goals (`patient=Patient/<id>`; record.export)', errors: [404] },
  deleteVideoRoomGuest: { summary: 'Revoke an interpreter’s guest link; a guest in the call leaves it (host only)', errors: [403, 404] },
};
