/**
 * One-off: copy three alert cutouts (gzipped FITS `stampData`) from the Fink
 * sample parquet into tests/fixtures/cutouts/, so FITS tests need no parquet reader.
 *
 * Run: deno run -A scripts/extract_cutouts.ts
 *
 * @module
 */
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

const src =
  "data/sample/fink-utils/fink_utils/test_data/online/science/day=04/alert_samples.parquet";
const bytes = Deno.readFileSync(src);
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const rows = await parquetReadObjects({
  file,
  compressors,
  utf8: false,
  columns: ["objectId", "cutoutScience", "cutoutTemplate", "cutoutDifference"],
  rowEnd: 1,
});
const row = rows[0] as Record<string, unknown>;
const objectId = typeof row.objectId === "string"
  ? row.objectId
  : new TextDecoder().decode(row.objectId as Uint8Array);
for (const kind of ["Science", "Template", "Difference"]) {
  const cutout = row[`cutout${kind}`] as { stampData: Uint8Array };
  const out = `tests/fixtures/cutouts/${objectId}_${kind.toLowerCase()}.fits.gz`;
  Deno.writeFileSync(out, cutout.stampData);
  console.log(out, cutout.stampData.length, cutout.stampData[0], cutout.stampData[1]);
}
