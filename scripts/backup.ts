// `npm run backup [DIR]`: an online backup of the database (embedded or DATABASE_URL) and the
// uploaded files into one file in DIR (default BACKUP_DIR, else ./backups).
import path from 'node:path';
import { createBackup } from '../src/server/backup/backup.ts';
import { openTarget } from '../src/server/backup/target.ts';
import { loadConfig } from '../src/server/config.ts';
import { createUploadStore } from '../src/server/uploads/store.ts';

try {
  const config = loadConfig();
  const dir = path.resolve(process.argv[2] ?? config.backup?.dir ?? 'backups');
  const target = await openTarget(config, 'backup', (m) => console.log(m));
  try {
    const { file, manifest } = await createBackup({ databaseUrl: target.ownerUrl, store: createUploadStore(config), dir, keep: config.backup?.keep, log: (m) => console.log(m) });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Backup written: ${file} (schema ${manifest.schemaVersion}, ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files)`);
  } finally {
    await target.stop();
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
