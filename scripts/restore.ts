// `npm run restore FILE [--force]`: restores a backup into an empty database (embedded in
// DATA_DIR, or DATABASE_URL) and upload store; --force replaces what they hold. Stop the server first.
import path from 'node:path';
import { restoreBackup } from '../src/server/backup/restore.ts';
import { openTarget } from '../src/server/backup/target.ts';
import { loadConfig } from '../src/server/config.ts';
import { createUploadStore } from '../src/server/uploads/store.ts';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('Usage: npm run restore -- FILE [--force]');
  process.exit(2);
}
try {
  const config = loadConfig();
  const target = await openTarget(config, 'restore', (m) => console.log(m));
  try {
    const manifest = await restoreBackup({
      file: path.resolve(file), ownerUrl: target.ownerUrl, runtimeUrl: target.runtimeUrl, store: createUploadStore(config),
      uploadsDir: config.s3 ? undefined : path.join(config.dataDir, 'uploads'), force: args.includes('--force'), log: (m) => console.log(m),
    });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Restored ${file}: taken ${manifest.createdAt}, ${rows} rows, ${manifest.files.length} files.`);
  } finally {
    await target.stop();
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
