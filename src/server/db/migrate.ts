import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-plan.ts';
import * as m0003 from './migrations/0003-strategies.ts';
import * as m0004 from './migrations/0004-milestones.ts';
import * as m0005 from './migrations/0005-practice.ts';
import * as m0006 from './migrations/0006-journal.ts';
import * as m0007 from './migrations/0007-uploads.ts';
import * as m0008 from './migrations/0008-messages.ts';
import * as m0009 from './migrations/0009-translation.ts';
import * as m0010 from './migrations/0010-notifications.ts';
import * as m0011 from './migrations/0011-digests.ts';
import * as m0012 from './migrations/0012-idempotency-in-write.ts';
import * as m0013 from './migrations/0013-digest-note-translations.ts';
import * as m0014 from './migrations/0014-audit-seals.ts';
import * as m0015 from './migrations/0015-trusted-device.ts';
import * as m0016 from './migrations/0016-first-steps.ts';
import * as m0017 from './migrations/0017-access-changes.ts';
import * as m0018 from './migrations/0018-digest-details.ts';
import * as m0019 from './migrations/0019-sessions.ts';
import * as m0020 from './migrations/0020-picture-sizes.ts';
import * as m0021 from './migrations/0021-session-moves.ts';
import * as m0022 from './migrations/0022-session-record.ts';
import * as m0023 from './migrations/0023-session-calendar.ts';
import * as m0024 from './migrations/0024-session-views.ts';
import * as m0025 from './migrations/0025-events.ts';
import * as m0026 from './migrations/0026-meeting-agenda.ts';
import * as m0027 from './migrations/0027-child-access-changes.ts';
import * as m0028 from './migrations/0028-video.ts';
import * as m0029 from './migrations/0029-event-video.ts';
import * as m0030 from './migrations/0030-checkins.ts';
import * as m0031 from './migrations/0031-strategy-use.ts';
import * as m0032 from './migrations/0032-resources.ts';
import * as m0033 from './migrations/0033-reports.ts';
import * as m0034 from './migrations/0034-record-export.ts';
import * as m0035 from './migrations/0035-discharge.ts';
import * as m0036 from './migrations/0036-archive.ts';
import * as m0037 from './migrations/0037-resource-notices.ts';
import * as m0038 from './migrations/0038-sms.ts';
import * as m0039 from './migrations/0039-translation-usage.ts';
import * as m0040 from './migrations/0040-content-translation.ts';
import * as m0041 from './migrations/0041-text-size.ts';
import * as m0042 from './migrations/0042-translation-service-state.ts';
import * as m0043 from './migrations/0043-resource-languages.ts';
import * as m0044 from './migrations/0044-quick-reply-languages.ts';
import * as m0045 from './migrations/0045-session-summary-translations.ts';
import * as m0046 from './migrations/0046-strategy-languages.ts';
import * as m0047 from './migrations/0047-digest-note-translations.ts';
import * as m0048 from './migrations/0048-newsletter-translation-claim.ts';

const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-plan': m0002,
  '0003-strategies': m0003,
  '0004-milestones': m0004,
  '0005-practice': m0005,
  '0006-journal': m0006,
  '0007-uploads': m0007,
  '0008-messages': m0008,
  '0009-translation': m0009,
  '0010-notifications': m0010,
  '0011-digests': m0011,
  '0012-idempotency-in-write': m0012,
  '0013-digest-note-translations': m0013,
  '0014-audit-seals': m0014,
  '0015-trusted-device': m0015,
  '0016-first-steps': m0016,
  '0017-access-changes': m0017,
  '0018-digest-details': m0018,
  '0019-sessions': m0019,
  '0020-picture-sizes': m0020,
  '0021-session-moves': m0021,
  '0022-session-record': m0022,
  '0023-session-calendar': m0023,
  '0024-session-views': m0024,
  '0025-events': m0025,
  '0026-meeting-agenda': m0026,
  '0027-child-access-changes': m0027,
  '0028-video': m0028,
  '0029-event-video': m0029,
  '0030-checkins': m0030,
  '0031-strategy-use': m0031,
  '0032-resources': m0032,
  '0033-reports': m0033,
  '0034-record-export': m0034,
  '0035-discharge': m0035,
  '0036-archive': m0036,
  '0037-resource-notices': m0037,
  '0038-sms': m0038,
  '0039-translation-usage': m0039,
  '0040-content-translation': m0040,
  '0041-text-size': m0041,
  '0042-translation-service-state': m0042,
  '0043-resource-languages': m0043,
  '0044-quick-reply-languages': m0044,
  '0045-session-summary-translations': m0045,
  '0046-strategy-languages': m0046,
  '0047-digest-note-translations': m0047,
  '0048-newsletter-translation-claim': m0048,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Every migration this code knows, in order; the last one is the schema version it writes. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  await migrateTo(db);
}

/** Runs the migrations up to `name` (a backup's schema version), or all of them. */
export async function migrateTo(db: Kysely<unknown>, name?: string): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (name ? migrator.migrateTo(name) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
