/** Temporary folders for tests that write files, and files to put in them. */
import { DatabaseSync } from "node:sqlite";

/** Run `fn` with a new temporary folder, removed afterwards whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Write at `path` another program's SQLite database (a `people` table); returns its bytes. */
export async function otherProgramsDatabase(path: string): Promise<Uint8Array> {
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ada')");
  db.close();
  return await Deno.readFile(path);
}
