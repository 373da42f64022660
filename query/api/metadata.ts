/**
 * `metadata`: user annotations attached to objects (`ztf.metadata`), as
 * Fink's `/api/v1/metadata`: an internal name (e.g. `Fink J042203.10+362318.7`),
 * the submitter's name and comments, one row per object.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { RowBuilder, schemaRow } from "../store/layout.ts";
import { scanColumns } from "../table/decode.ts";
import { ResultColumns } from "../table/format.ts";

/** The table of annotations, as Fink names it. */
export const METADATA_TABLE = "ztf.metadata";

/** The cells of an annotation, in output order (after `i:objectId`). */
export const METADATA_COLUMNS = [
  "d:comments",
  "d:internal_name",
  "d:internal_name_encoded",
  "d:username",
] as const;

/** Longest accepted value of each text a user posts (characters). */
export const METADATA_LIMITS = {
  internal_name: 200,
  username: 100,
  comments: 10_000,
} as const;

/** Parameters of {@linkcode metadata}: exactly one of them. */
export interface MetadataParams {
  /** A ZTF object id, or an id prefix (`ZTF23`), or `all` for every annotated object. */
  objectId?: string;
  /** The internal name, exactly as posted (`Fink J042203.10+362318.7`). */
  internalName?: string;
  /** The internal name without its spaces (`FinkJ042203.10+362318.7`). */
  internalNameEncoded?: string;
}

/** Parameters of {@linkcode postMetadata}. */
export interface PostMetadataParams {
  /** The ZTF object id annotated (`ZTF23aaaatwl`). */
  objectId: string;
  /** The internal name given to the object. */
  internalName: string;
  /** Who submits it. */
  username: string;
  /** Free text; default empty. */
  comments?: string;
}

const OBJECT_ID = /^ZTF\d{2}[a-z]{7}$/;

/**
 * The annotations of objects: one row per annotated object, columns
 * `i:objectId`, `d:comments`, `d:internal_name`, `d:internal_name_encoded`,
 * `d:username` (all strings), in object order. `objectId` is a prefix, as in
 * `objects` (`all` = every object); the names match exactly. Nothing found
 * gives an empty table.
 *
 * @example
 * ```ts
 * import { SqliteStore } from "../store/sqlite.ts";
 * import { metadata, postMetadata } from "./metadata.ts";
 * const store = SqliteStore.open(":memory:");
 * await postMetadata(store, { objectId: "ZTF23aaaatwl", internalName: "Fink J1", username: "me" });
 * const t = await metadata(store, { internalNameEncoded: "FinkJ1" });
 * console.log(t.getChild("i:objectId")?.get(0)); // ZTF23aaaatwl
 * await store.close();
 * ```
 */
export async function metadata(store: Store, params: MetadataParams): Promise<Table> {
  const given = (["objectId", "internalName", "internalNameEncoded"] as const)
    .filter((k) => params[k] !== undefined);
  if (given.length !== 1) {
    throw new BadRequestError(
      given[1] ?? "objectId",
      given.length ? params[given[1]] : null,
      "give exactly one of `objectId`, `internal_name`, `internal_name_encoded`",
    );
  }
  const id = params.objectId === undefined ? undefined : String(params.objectId).trim();
  if (id !== undefined && id !== "all" && !id.startsWith("ZTF")) {
    throw new BadRequestError(
      "objectId",
      params.objectId,
      "a ZTF object id (or its beginning, e.g. `ZTF23`), or `all`",
    );
  }
  if (!(await store.listTables()).includes(METADATA_TABLE)) return metadataTable();
  const prefix = id === undefined || id === "all" ? "ZTF" : id;
  const cols = await scanColumns(store, METADATA_TABLE, { prefix, columns: [...METADATA_COLUMNS] });
  const found = ResultColumns.from(cols);
  found.set("i:objectId", cols.keys, "string");
  if (id === undefined) {
    const [column, value] = params.internalName !== undefined
      ? ["d:internal_name", params.internalName]
      : ["d:internal_name_encoded", params.internalNameEncoded];
    const names = found.list(column) ?? [];
    found.take([...names.keys()].filter((i) => names[i] === String(value)));
  }
  return metadataTable(found);
}

/** The table of `r` (default none), every metadata column present, in Fink's order. */
function metadataTable(r = new ResultColumns(0)): Table {
  for (const c of ["i:objectId", ...METADATA_COLUMNS]) {
    if (!r.columns.has(c)) r.set(c, new Array(r.length).fill(null), "string");
  }
  return r.toTable(["i:objectId", ...METADATA_COLUMNS]);
}

/**
 * Unicode's control characters (C0, DEL, C1; comments may keep tabs and line breaks), and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a
 * name or comment show its characters in another order than they are stored ("Trojan Source");
 * the implicit marks (U+200E, U+200F) that right-to-left text may need stay allowed.
 */
const CONTROLS = /\p{Cc}|[\u202A-\u202E\u2066-\u2069]/u;
const COMMENT_CONTROLS = /(?![\t\n\r])\p{Cc}|[\u202A-\u202E\u2066-\u2069]/u;

function text(name: string, value: unknown, max: number, required: boolean): string {
  if (value === undefined || value === null) {
    if (!required) return "";
    throw new BadRequestError(name, null, `a value for \`${name}\` is required`);
  }
  if (typeof value !== "string" && typeof value !== "number") {
    throw new BadRequestError(name, value, "a text");
  }
  const s = String(value);
  if ((required && s.trim() === "") || s.length > max) {
    throw new BadRequestError(name, s, `a non-empty text of at most ${max} characters`);
  }
  // Control characters (comments may keep tabs and line breaks) and lone UTF-16 surrogates,
  // which no UTF-8 text holds, are not text a reader can be shown.
  const controls = name === "comments" ? COMMENT_CONTROLS : CONTROLS;
  if (controls.test(s) || !s.isWellFormed()) {
    throw new BadRequestError(
      name,
      s,
      "a text without control characters or bidirectional overrides" +
        (name === "comments" ? " (tabs and line breaks are fine)" : ""),
    );
  }
  return s;
}

/**
 * Attach an annotation to an object (Fink's `POST /api/v1/metadata`): writes
 * the object's `ztf.metadata` row (created if needed), replacing an earlier
 * annotation. `d:internal_name_encoded` is the name without its spaces, the
 * address of the object under its name on Fink's portal. Returns the row's
 * object id and encoded name.
 */
export async function postMetadata(
  store: Store,
  params: PostMetadataParams,
): Promise<{ objectId: string; internalNameEncoded: string }> {
  const objectId = String(params.objectId ?? "").trim();
  if (!OBJECT_ID.test(objectId)) {
    throw new BadRequestError("objectId", params.objectId, "a ZTF object id, e.g. `ZTF23aaaatwl`");
  }
  const name = text("internal_name", params.internalName, METADATA_LIMITS.internal_name, true);
  const username = text("username", params.username, METADATA_LIMITS.username, true);
  const comments = text("comments", params.comments, METADATA_LIMITS.comments, false);
  const encoded = name.replaceAll(" ", "");
  const types = new Map<string, string>();
  const row = new RowBuilder(objectId, types)
    .set("d:internal_name", name, "string")
    .set("d:internal_name_encoded", encoded, "string")
    .set("d:comments", comments, "string")
    .set("d:username", username, "string")
    .row();
  await store.createTable(METADATA_TABLE, ["d"]);
  await store.put(METADATA_TABLE, [row, schemaRow(types)]);
  return { objectId, internalNameEncoded: encoded };
}
