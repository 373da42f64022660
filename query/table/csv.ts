/**
 * A small CSV reader for user catalogues (RFC 4180: quoted fields, doubled
 * quotes, CRLF); numeric-looking fields stay strings, as the caller decides.
 *
 * @module
 */
import { BadRequestError } from "../../astro/errors.ts";

/**
 * Rows of a CSV text with a header line, as objects keyed by the header.
 *
 * @example
 * ```ts
 * import { parseCsv } from "./csv.ts";
 * parseCsv('ID,RA,Dec\n"a, b",10.5,-3\n'); // [{ ID: "a, b", RA: "10.5", Dec: "-3" }]
 * ```
 */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = "", record: string[] = [], quoted = false, i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
    i++;
  }
  if (quoted) throw new BadRequestError("catalog", "…", "the CSV text ends inside a quoted field");
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  const rows = records.filter((r) => !(r.length === 1 && r[0].trim() === ""));
  if (rows.length === 0) return [];
  const head = rows[0].map((h) => h.trim());
  return rows.slice(1).map((r, k) => {
    if (r.length !== head.length) {
      throw new BadRequestError(
        "catalog",
        `line ${k + 2}`,
        `expected ${head.length} fields (${head.join(",")}), found ${r.length}`,
      );
    }
    const o: Record<string, string> = {};
    head.forEach((h, j) => (o[h] = r[j].trim()));
    return o;
  });
}
