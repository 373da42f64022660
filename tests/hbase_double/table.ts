/**
 * Data model of the **HBase REST test double** (not HBase): tables of rows
 * kept in bytewise key order, one version per cell, and the filters finkit
 * sends (ScannerModel.FilterModel JSON). Test code only.
 *
 * @module
 */

/** A cell as the test double keeps it. */
export interface DoubleCell {
  column: Uint8Array;
  value: Uint8Array;
  timestamp: number;
}

/** Byte string ↔ "binary string" (one char per byte): JS string order is then bytewise order. */
export const bin = (b: Uint8Array): string => String.fromCharCode(...b);
/** Bytes of a binary string. */
export const unbin = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One table of the test double. */
export class DoubleTable {
  /** Sorted binary-string keys. */
  keys: string[] = [];
  /** key → column (binary string) → cell. */
  rows = new Map<string, Map<string, DoubleCell>>();

  constructor(readonly name: string, readonly families: string[]) {}

  /** Index of the first key >= `key`. */
  lowerBound(key: string): number {
    let lo = 0, hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Write cells; throws on an unknown family (the server answers 400). */
  put(key: Uint8Array, cells: { column: Uint8Array; value: Uint8Array }[]): void {
    for (const c of cells) {
      const family = dec.decode(c.column).split(":")[0];
      if (!this.families.includes(family)) {
        throw new RangeError(`column family '${family}' does not exist in table '${this.name}'`);
      }
    }
    const k = bin(key);
    let row = this.rows.get(k);
    if (!row) {
      row = new Map();
      this.rows.set(k, row);
      this.keys.splice(this.lowerBound(k), 0, k);
    }
    const now = Date.now();
    for (const c of cells) {
      row.set(bin(c.column), { column: c.column, value: c.value, timestamp: now });
    }
  }

  /** Cells of a row in HBase order (family, then qualifier, bytewise), restricted to `columns`. */
  /** The first column family of `cells` the table lacks (HBase then answers 404), if any. */
  missingFamily(cells: { column: Uint8Array }[]): string | undefined {
    for (const c of cells) {
      const column = new TextDecoder().decode(c.column);
      const family = column.slice(0, column.indexOf(":"));
      if (!this.families.includes(family)) return family;
    }
    return undefined;
  }

  /**
   * Rows of a stateless scan: from `start` (inclusive) to `end` (exclusive), or
   * from `start` (inclusive) down to `end` (exclusive) when reversed; at most `limit`.
   */
  range(
    start: Uint8Array,
    end: Uint8Array,
    reversed: boolean,
    limit: number,
    columns: Uint8Array[],
  ): { key: string; cells: DoubleCell[] }[] {
    const s = bin(start), e = bin(end);
    const rows = [];
    if (!reversed) {
      for (let i = this.lowerBound(s); i < this.keys.length && rows.length < limit; i++) {
        const k = this.keys[i];
        if (e && k >= e) break;
        const cells = this.cells(k, columns);
        if (cells.length) rows.push({ key: k, cells });
      }
    } else {
      let i = s ? this.lowerBound(s) : this.keys.length;
      if (s && this.keys[i] === s) i++; // reversed start row is inclusive
      for (i--; i >= 0 && rows.length < limit; i--) {
        const k = this.keys[i];
        if (e && k <= e) break;
        const cells = this.cells(k, columns);
        if (cells.length) rows.push({ key: k, cells });
      }
    }
    return rows;
  }

  cells(key: string, columns: Uint8Array[] = []): DoubleCell[] {
    const row = this.rows.get(key);
    if (!row) return [];
    const wanted = columns.map((c) => dec.decode(c));
    const out = [...row.values()].filter((c) => {
      if (!wanted.length) return true;
      const name = dec.decode(c.column);
      return wanted.some((w) => w === name || (!w.includes(":") && name.startsWith(w + ":")));
    });
    return out.sort((a, b) => {
      const [fa, qa] = splitColumn(a.column), [fb, qb] = splitColumn(b.column);
      return fa < fb ? -1 : fa > fb ? 1 : qa < qb ? -1 : qa > qb ? 1 : 0;
    });
  }
}

function splitColumn(column: Uint8Array): [string, string] {
  const s = bin(column);
  const i = s.indexOf(":");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

/** Filter JSON as sent inside a ScannerModel's `filter` string. */
export interface FilterJson {
  type: string;
  op?: string;
  value?: string;
  comparator?: { type: string; value?: string };
  filters?: FilterJson[];
  ranges?: {
    startRow?: string;
    startRowInclusive?: boolean;
    stopRow?: string;
    stopRowInclusive?: boolean;
  }[];
}

/** A compiled filter: keep the row? stop the scan? transform its cells. */
export interface RowFilter {
  row(key: string, reversed: boolean): "include" | "skip" | "done";
  cells(cells: DoubleCell[]): DoubleCell[];
}

const b64 = (s: string | undefined) => bin(Uint8Array.fromBase64(s ?? ""));

/** Compile filter JSON; throws a RangeError for filters the test double does not implement. */
export function compileFilter(f: FilterJson): RowFilter {
  const keepAll = (cells: DoubleCell[]) => cells;
  switch (f.type) {
    case "PrefixFilter": {
      const p = b64(f.value);
      return {
        row: (key, reversed) =>
          key.startsWith(p) ? "include" : (reversed ? key < p : key > p) ? "done" : "skip",
        cells: keepAll,
      };
    }
    case "InclusiveStopFilter": {
      const stop = b64(f.value);
      return {
        row: (key, reversed) => ((reversed ? key < stop : key > stop) ? "done" : "include"),
        cells: keepAll,
      };
    }
    case "FirstKeyOnlyFilter":
      return { row: () => "include", cells: (cells) => cells.slice(0, 1) };
    case "KeyOnlyFilter":
      return {
        row: () => "include",
        cells: (cells) => cells.map((c) => ({ ...c, value: new Uint8Array(0) })),
      };
    case "PageFilter": {
      let left = Number(f.value);
      return { row: () => (left-- > 0 ? "include" : "done"), cells: keepAll };
    }
    case "RowFilter": {
      const c = f.comparator;
      let match: (key: string) => boolean;
      if (c?.type === "BinaryComparator") match = (key) => key === b64(c.value);
      else if (c?.type === "SubstringComparator") {
        // HBase reads this value as plain text (not base64) and compares case-insensitively.
        const text = (c.value ?? "").toLowerCase();
        match = (key) => dec.decode(unbin(key)).toLowerCase().includes(text);
      } else if (c?.type === "RegexStringComparator") {
        const re = new RegExp(c.value ?? "");
        match = (key) => re.test(dec.decode(unbin(key)));
      } else throw new RangeError(`comparator '${c?.type}' is not implemented by the test double`);
      const want = f.op === "NOT_EQUAL" ? false : true;
      if (f.op !== "EQUAL" && f.op !== "NOT_EQUAL") {
        throw new RangeError(`RowFilter op '${f.op}' is not implemented by the test double`);
      }
      return { row: (key) => (match(key) === want ? "include" : "skip"), cells: keepAll };
    }
    case "MultiRowRangeFilter": {
      const ranges = (f.ranges ?? []).map((r) => ({
        start: b64(r.startRow),
        startIn: r.startRowInclusive !== false,
        stop: b64(r.stopRow),
        stopIn: r.stopRowInclusive === true,
      }));
      const inside = (key: string) =>
        ranges.some((r) =>
          (r.startIn ? key >= r.start : key > r.start) &&
          (r.stop === "" || (r.stopIn ? key <= r.stop : key < r.stop))
        );
      const last = ranges.some((r) => r.stop === "")
        ? undefined
        : ranges.map((r) => r.stop).sort().at(-1);
      return {
        row: (key, reversed) =>
          inside(key)
            ? "include"
            : !reversed && last !== undefined && key >= last
            ? "done"
            : "skip",
        cells: keepAll,
      };
    }
    case "FilterList": {
      const parts = (f.filters ?? []).map(compileFilter);
      const all = f.op !== "MUST_PASS_ONE";
      return {
        row(key, reversed) {
          const verdicts = parts.map((p) => p.row(key, reversed));
          if (all) {
            if (verdicts.includes("done")) return "done";
            return verdicts.every((v) => v === "include") ? "include" : "skip";
          }
          if (verdicts.includes("include")) return "include";
          return verdicts.length && verdicts.every((v) => v === "done") ? "done" : "skip";
        },
        cells: (cells) => parts.reduce((acc, p) => p.cells(acc), cells),
      };
    }
    default:
      throw new RangeError(`filter type '${f.type}' is not implemented by the test double`);
  }
}

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => enc.encode(s);
