/**
 * Attachments' bytes in Postgres (PostgresBlobStore, src/hub/store/postgres/blobs.ts): every node serves
 * every file, and a node's death loses none. Not in the SQLite schema: an SQLite hub keeps its blobs as
 * files (FileBlobStore), and so can a Postgres hub when SWITCHBOARD_BLOB_DIR names a shared folder.
 */
export const version = 2;
export const name = 'blobs';
export const sql = `
-- A stored blob, visible only once all its chunks are in (inserted in the same transaction as they are named).
CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  -- every chunk but the last holds exactly this many bytes, so a range finds its chunks by arithmetic
  chunk_size bigint NOT NULL CHECK (chunk_size > 0),
  created_at bigint NOT NULL
);

-- A stream being written: its chunks sit under this id until the content's sha256 is known.
CREATE TABLE blob_uploads (
  id text PRIMARY KEY CHECK (id LIKE 'upload-%'),
  started_at bigint NOT NULL
);
CREATE INDEX blob_uploads_started_at ON blob_uploads (started_at);

-- The bytes, chunk n of a blob (or of an upload, under its id), numbered from 0.
CREATE TABLE blob_chunks (
  sha256 text NOT NULL,
  n integer NOT NULL CHECK (n >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (sha256, n)
);
-- Media is compressed already: no second compression, and substring() reads only the slices a range needs.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
`;
