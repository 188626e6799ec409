import { sql, type Kysely } from 'kysely';

// A picture's size in pixels, and its smaller WebP copies for screens (each a file in the upload
// store beside the picture: [{ width, height, key, byteSize, sha256 }], narrowest first). Uploads
// from before, and files that are not pictures, have none: they are served as they are.
// A strategy's picture, kept in its row, gets its copy 320 wide (it is drawn small) beside it.
// Numbered 0020, leaving 0019 free for work that was under way at the same time.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE upload
      ADD COLUMN width integer CHECK (width > 0),
      ADD COLUMN height integer CHECK (height > 0),
      ADD COLUMN variants jsonb NOT NULL DEFAULT '[]',
      ADD CHECK ((width IS NULL) = (height IS NULL));
    ALTER TABLE strategy ADD COLUMN image_small bytea CHECK (image_small IS NULL OR image IS NOT NULL);
  `.execute(db);
}
