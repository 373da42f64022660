/**
 * The SQLite backend's cell encoding: a row's cells packed into one blob
 * (column id varints and values), unpacked lazily into {@linkcode Row}s, and
 * merged on put (HBase semantics: a put replaces only the cells it names).
 *
 * @module
 */
import type { StatementSync } from "node:sqlite";
import { ByteWriter } from "./codec.ts";
import type { StoredCells } from "./sqlite_blobs.ts";
import { type CellRows, columnSelected, PackedRow, type Row } from "./store.ts";

/** Per-table state: column ids, prepared statements and the unpack scratch buffers. */
export interface TableInfo {
  sqlName: string;
  families: string[];
  names: string[]; // id -> column name
  ids: Map<string, number>; // column name -> id
  stmts: Map<string, StatementSync>;
  /** Scratch and cache of `unpack` (the last row's column ids and names). */
  scratchIds: Uint16Array;
  scratchBounds: Uint32Array;
  lastIds: Uint16Array;
  lastColumns?: string[];
  /** Scratch of `packCells`: rank of each column id in name order (stale when `ranked` is false). */
  rank: Int32Array;
  /** Column id of each rank. */
  byRank: Int32Array;
  ranked: boolean;
  /** Per rank: the cell of the row being packed, valid where `mark` equals `generation`. */
  slot: Int32Array;
  mark: Uint32Array;
  generation: number;
  /** The `CellRows.names` list `packCells` last met, and the column id of its names (-1: unknown). */
  namesOf?: readonly string[];
  idOfName: Int32Array;
  /** The last `columns` option of `unpack` and the column ids it selects. */
  selectionOf?: readonly string[];
  selection: Uint8Array;
  /** Learn columns added since the dictionary was read (by another connection). */
  refresh?: () => void;
}

// `unpack` is synchronous and copies what it returns: every table shares its scratch.
const SCRATCH_IDS = new Uint16Array(65536);
const SCRATCH_BOUNDS = new Uint32Array(2 * 65536);

/** A fresh per-table state. */
export function tableInfo(sqlName: string, families: string[]): TableInfo {
  return {
    sqlName,
    families,
    names: [],
    ids: new Map(),
    stmts: new Map(),
    scratchIds: SCRATCH_IDS,
    scratchBounds: SCRATCH_BOUNDS,
    lastIds: new Uint16Array(0),
    rank: new Int32Array(0),
    byRank: new Int32Array(0),
    ranked: false,
    slot: new Int32Array(0),
    mark: new Uint32Array(0),
    generation: 0,
    idOfName: new Int32Array(0),
    selection: new Uint8Array(0),
  };
}

/** Sort the table's column ids by name (the order of cells in a packed row). */
function rerank(info: TableInfo): void {
  const n = info.names.length;
  const ids = Array.from({ length: n }, (_, i) => i);
  ids.sort((a, b) => (info.names[a] < info.names[b] ? -1 : info.names[a] > info.names[b] ? 1 : 0));
  info.rank = new Int32Array(n);
  info.byRank = new Int32Array(ids);
  for (let r = 0; r < n; r++) info.rank[ids[r]] = r;
  info.slot = new Int32Array(n);
  info.mark = new Uint32Array(n);
  info.generation = 0;
  info.ranked = true;
}

const packScratch = new ByteWriter(1 << 16);
const cellIds: number[] = [];

/**
 * Pack row `r` of `rows` exactly as {@linkcode pack} packs the same cells
 * given as a record (sorted by column name, a repeated column keeps its last
 * value), without sorting: cells are placed by the rank of their column.
 * Returns a view of a scratch buffer, valid until the next call.
 */
export function packCells(
  rows: CellRows,
  r: number,
  info: TableInfo,
  newColumn: (name: string) => number,
): Uint8Array {
  const { first, columns, names, bounds, bytes } = rows;
  const a = first[r], b = first[r + 1];
  if (info.namesOf !== names || info.idOfName.length < names.length) idsOfNames(info, names);
  const idOfName = info.idOfName;
  let room = 0;
  let fresh: string[] | undefined;
  for (let c = a; c < b; c++) {
    let id = idOfName[columns[c]];
    if (id < 0) {
      id = info.ids.get(names[columns[c]]) ?? -1;
      if (id < 0) (fresh ??= []).push(names[columns[c]]);
      else idOfName[columns[c]] = id;
    }
    cellIds[c - a] = id;
    room += bounds[2 * c + 1] - bounds[2 * c] + 6;
  }
  if (fresh) {
    // New columns get their ids in name order, as `pack` gives them.
    for (const name of [...new Set(fresh)].sort()) newColumn(name);
    for (let c = a; c < b; c++) {
      cellIds[c - a] = idOfName[columns[c]] = info.ids.get(names[columns[c]])!;
    }
    info.ranked = false;
  }
  if (!info.ranked) rerank(info);
  const { rank, slot, mark, byRank } = info;
  if (++info.generation === 0xffffffff) (mark.fill(0), info.generation = 1);
  const gen = info.generation;
  let lo = rank.length, hi = -1;
  for (let c = a; c < b; c++) {
    const k = rank[cellIds[c - a]];
    slot[k] = c;
    mark[k] = gen;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  const w = packScratch;
  w.reset();
  w.reserve(room);
  const out = w.bytes;
  let o = 0;
  for (let k = lo; k <= hi; k++) {
    if (mark[k] !== gen) continue;
    const c = slot[k];
    const start = bounds[2 * c], end = bounds[2 * c + 1], len = end - start;
    o = writeVarint(out, o, byRank[k]);
    o = writeVarint(out, o, len);
    if (len <= 32) { for (let i = start; i < end; i++) out[o++] = bytes[i]; }
    else (out.set(bytes.subarray(start, end), o), o += len);
  }
  return out.subarray(0, o);
}

/**
 * Start, or extend to a longer `names`, the table's column ids by index of
 * `names` (ids are looked up as cells meet them; a table's ids never change).
 */
function idsOfNames(info: TableInfo, names: readonly string[]): void {
  const ids = new Int32Array(Math.max(2 * names.length, 64)).fill(-1);
  if (info.namesOf === names) ids.set(info.idOfName);
  info.namesOf = names;
  info.idOfName = ids;
}

/**
 * Pack cells (sorted by column name) into one blob: per cell, the column id
 * and the value length as LEB128 varints (one byte each for most cells),
 * then the value bytes.
 */
export function pack(
  cells: Record<string, Uint8Array>,
  info: TableInfo,
  newColumn: (name: string) => number,
): Uint8Array {
  const names = Object.keys(cells).sort();
  const ids = new Array<number>(names.length);
  let size = 0;
  for (let i = 0; i < names.length; i++) {
    const id = info.ids.get(names[i]) ?? newColumn(names[i]);
    ids[i] = id;
    const len = cells[names[i]].length;
    size += varintSize(id) + varintSize(len) + len;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = 0; i < names.length; i++) {
    const v = cells[names[i]];
    o = writeVarint(out, o, ids[i]);
    o = writeVarint(out, o, v.length);
    out.set(v, o);
    o += v.length;
  }
  return out;
}

function varintSize(x: number): number {
  let n = 1;
  while (x >= 0x80) (x = Math.floor(x / 128), n++);
  return n;
}

function writeVarint(out: Uint8Array, o: number, x: number): number {
  while (x >= 0x80) {
    out[o++] = (x & 0x7f) | 0x80;
    x = Math.floor(x / 128);
  }
  out[o++] = x;
  return o;
}

/** Visit the cells of a packed blob: `fn(id, start, end)`. */
export function forEachCell(
  blob: Uint8Array,
  fn: (id: number, start: number, end: number) => void,
): void {
  const n = blob.length;
  let o = 0;
  while (o < n) {
    let id = 0, shift = 1, b: number;
    do (b = blob[o++], id += (b & 0x7f) * shift, shift *= 128); while (b & 0x80);
    let len = 0;
    shift = 1;
    do (b = blob[o++], len += (b & 0x7f) * shift, shift *= 128); while (b & 0x80);
    fn(id, o, o + len);
    o += len;
  }
}

/**
 * A scanned SQLite row, as an array (`setReturnArrays`) or an object; `cells`
 * is the packed row or the id of its blob (`sqlite_blobs.ts`).
 */
export type ScanRow = [Uint8Array, StoredCells] | { rowkey: Uint8Array; cells: StoredCells };

export function unpack(
  key: string,
  blob: Uint8Array,
  info: TableInfo,
  columns: string[] | undefined,
): Row {
  const ids = info.scratchIds;
  const bounds = info.scratchBounds;
  let selected = columns ? selection(info, columns) : undefined;
  const n = blob.length;
  let o = 0, k = 0;
  while (o < n) {
    // Inline varint reads (the hot loop of every scan).
    let b = blob[o++];
    let id = b & 0x7f;
    if (b & 0x80) {
      let shift = 128;
      do (b = blob[o++], id += (b & 0x7f) * shift, shift *= 128); while (b & 0x80);
    }
    b = blob[o++];
    let len = b & 0x7f;
    if (b & 0x80) {
      let shift = 128;
      do (b = blob[o++], len += (b & 0x7f) * shift, shift *= 128); while (b & 0x80);
    }
    const start = o;
    o = start + len;
    let name = info.names[id];
    if (name === undefined && info.refresh) {
      // A column another connection added after this one read the dictionary.
      info.refresh();
      name = info.names[id];
      if (columns) selected = selection(info, columns);
    }
    if (name === undefined || (selected && selected[id] === 0)) continue;
    ids[k] = id;
    bounds[2 * k] = start;
    bounds[2 * k + 1] = o;
    k++;
  }
  // Rows of a table mostly hold the same columns: hand out the same `columns` array then,
  // so readers can resolve column names once per run of identical rows.
  let cols = info.lastColumns;
  let same = cols !== undefined && cols.length === k;
  for (let i = 0; same && i < k; i++) same = info.lastIds[i] === ids[i];
  if (!same) {
    cols = new Array(k);
    for (let i = 0; i < k; i++) cols[i] = info.names[ids[i]];
    info.lastColumns = cols;
    info.lastIds = ids.slice(0, k);
  }
  return new PackedRow(key, cols!, blob, boundsCopy(bounds, 2 * k));
}

/**
 * Which column ids a `columns` option selects (1) or not (0), computed once
 * per `columns` list (a scan passes the same list for every row).
 */
function selection(info: TableInfo, columns: string[]): Uint8Array {
  const n = info.names.length;
  const last = info.selectionOf;
  if (last && info.selection.length === n && last.length === columns.length) {
    let same = true;
    for (let i = 0; same && i < last.length; i++) same = last[i] === columns[i];
    if (same) return info.selection;
  }
  const sel = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const name = info.names[id];
    if (name !== undefined && columnSelected(name, columns)) sel[id] = 1;
  }
  info.selectionOf = [...columns];
  info.selection = sel;
  return sel;
}

// Row bounds are carved out of shared chunks: a view is much cheaper than a
// fresh ArrayBuffer per row (each costs microseconds and GC work in Deno).
const BOUNDS_CHUNK = 1 << 16;
let boundsChunk = new Uint32Array(BOUNDS_CHUNK);
let boundsOffset = 0;

function boundsCopy(src: Uint32Array, n: number): Uint32Array {
  if (n > BOUNDS_CHUNK >> 2) return src.slice(0, n);
  if (boundsOffset + n > BOUNDS_CHUNK) {
    boundsChunk = new Uint32Array(BOUNDS_CHUNK);
    boundsOffset = 0;
  }
  const out = boundsChunk.subarray(boundsOffset, boundsOffset + n);
  out.set(src.subarray(0, n));
  boundsOffset += n;
  return out;
}

export function mergePacked(oldBlob: Uint8Array, newBlob: Uint8Array, info: TableInfo): Uint8Array {
  const merged = new Map<string, Uint8Array>();
  forEachCell(oldBlob, (id, a, b) => merged.set(info.names[id], oldBlob.subarray(a, b)));
  forEachCell(newBlob, (id, a, b) => merged.set(info.names[id], newBlob.subarray(a, b)));
  const cells: Record<string, Uint8Array> = {};
  for (const [k, v] of merged) cells[k] = v;
  return pack(cells, info, () => {
    throw new Error("unreachable: merged columns already have ids");
  });
}
