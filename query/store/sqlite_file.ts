/**
 * The file-level set-up of the SQLite backend: pragmas, finkit's catalog
 * tables (`_finkit_meta`, `_finkit_tables`, `_finkit_columns`,
 * `_finkit_blobs`), the version of the packed-row format, and the catalog
 * read into per-table state.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { SideBlobs } from "./sqlite_blobs.ts";
import { type TableInfo, tableInfo } from "./sqlite_cells.ts";
import { sqlName } from "./sqlite_keys.ts";

/**
 * Version of the packed-row format (stored in `_finkit_meta`). Format 3 is
 * format 2 plus large rows in `_finkit_blobs`: format 2 stores are read as
 * they are and become format 3 when opened for writing.
 */
export const CELL_FORMAT = "3";
const READABLE_FORMATS = new Set(["2", CELL_FORMAT]);

/** Set a store file up for writing: pragmas, catalog tables, the format recorded or upgraded. */
export function prepareForWriting(db: DatabaseSync): void {
  // Stores written before the format was recorded (finkit 0.1 development) used format 1.
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[]).map((t) => t.name),
  );
  // Another program's database: finkit adds nothing to it.
  const foreign = [...tables].filter((t) => !t.startsWith("_finkit_") && !t.startsWith("sqlite_"));
  if (foreign.length > 0 && !tables.has("_finkit_tables")) {
    const some = foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ", …" : "");
    throw new Error(
      `not a finkit store: a SQLite database with other tables (${some}) and no finkit ` +
        "catalog; give a finkit store, or a new file to ingest into",
    );
  }
  if (tables.has("_finkit_tables") && !tables.has("_finkit_meta")) {
    db.exec("CREATE TABLE _finkit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
    db.exec("INSERT INTO _finkit_meta VALUES ('cell_format', '1')");
  }
  db.exec("PRAGMA page_size=16384;"); // only takes effect on a new file
  // A rollback journal rather than WAL: ingest mostly appends new pages, which a rollback
  // journal writes once and WAL twice (measured: ~40 % more alerts/s with cutouts).
  db.exec("PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=NORMAL;");
  db.exec(
    `CREATE TABLE IF NOT EXISTS _finkit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     INSERT OR IGNORE INTO _finkit_meta VALUES ('cell_format', '${CELL_FORMAT}');
     CREATE TABLE IF NOT EXISTS _finkit_tables (name TEXT PRIMARY KEY, families TEXT NOT NULL);
     CREATE TABLE IF NOT EXISTS _finkit_columns (tbl TEXT NOT NULL, id INTEGER NOT NULL,
       name TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
     UPDATE _finkit_meta SET value = '${CELL_FORMAT}' WHERE key = 'cell_format' AND value = '2';`,
  );
  SideBlobs.create(db);
}

/**
 * Why this finkit cannot read the store's cell format, or `undefined` when
 * it can (an empty read-only file has no format yet).
 */
export function unreadableFormat(db: DatabaseSync): string | undefined {
  let format: string | undefined;
  try {
    const r = db.prepare("SELECT value FROM _finkit_meta WHERE key = 'cell_format'").get() as
      | { value: string }
      | undefined;
    format = r?.value;
  } catch {
    return undefined; // an empty read-only file: nothing to read
  }
  if (format === undefined || READABLE_FORMATS.has(format)) return undefined;
  return `this store was written with cell format ${format}, this finkit reads format ${CELL_FORMAT}: ingest the files again into a new store`;
}

/** The store's tables and their column dictionaries (none in an empty read-only file). */
export function loadCatalog(db: DatabaseSync): Map<string, TableInfo> {
  const out = new Map<string, TableInfo>();
  let tables: { name: string; families: string }[];
  try {
    tables = db.prepare("SELECT name, families FROM _finkit_tables").all() as typeof tables;
  } catch {
    return out; // empty read-only database
  }
  for (const t of tables) {
    const info = catalogTable(db, t.name, JSON.parse(t.families));
    info.refresh!(); // its columns, all of them new to it
    out.set(t.name, info);
  }
  return out;
}

/**
 * A table's state, able to learn the columns another connection (an ingest
 * beside a server) adds after this one read the catalog.
 */
export function catalogTable(db: DatabaseSync, table: string, families: string[]): TableInfo {
  const info = tableInfo(sqlName(table), families);
  info.refresh = () => {
    const cols = db.prepare("SELECT id, name FROM _finkit_columns WHERE tbl = ? AND id >= ?")
      .all(table, info.names.length) as { id: number; name: string }[];
    for (const c of cols) (info.names[c.id] = c.name, info.ids.set(c.name, c.id));
    if (cols.length) info.ranked = false;
  };
  return info;
}
