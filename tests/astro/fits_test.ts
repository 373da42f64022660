/**
 * FITS reader/writer against: the ZTF alert cutouts in tests/fixtures/cutouts
 * (reference values decoded independently with Python, reference.json), the
 * bundled BAYESTAR sky map, and synthetic files built byte by byte here.
 */
import { deepStrictEqual as assertEquals, equal, ok, throws } from "node:assert/strict";
import { gzipSync } from "node:zlib";
import {
  FitsError,
  MAX_INFLATED_BYTES,
  maybeGunzip,
  readFits,
  writeFits,
} from "../../astro/fits.ts";
import { SAMPLE_SKYMAP_PATH } from "../../astro/skymap.ts";
import { binTableFits, block, concat, header } from "../fits_fixture.ts";

const dir = new URL("../fixtures/cutouts/", import.meta.url);
const reference = JSON.parse(Deno.readTextFileSync(new URL("reference.json", dir)));

for (const kind of ["science", "template", "difference"]) {
  Deno.test(`gzipped ${kind} cutout reads as a 63×63 float32 image equal to the Python decoding (exact)`, () => {
    const ref = reference[kind];
    const [hdu] = readFits(Deno.readFileSync(new URL(`ZTF22aayqeuc_${kind}.fits.gz`, dir)));
    equal(hdu.type, "image");
    equal(hdu.header.get("BITPIX"), -32);
    const img = hdu.image!;
    equal(img.width, 63);
    equal(img.height, 63);
    ok(img.data instanceof Float32Array);
    assertEquals(Array.from(img.data.subarray(0, 5)), ref.first_row_first5);
    equal(img.data[img.data.length - 1], ref.last_value);
    equal(img.data[31 * 63 + 31], ref.centre);
    let sum = 0;
    for (const v of img.data) if (!Number.isNaN(v)) sum += v;
    equal(sum, ref.sum_finite);
    const rows = img.toRows();
    equal(rows.length, 63);
    equal(rows[31][31], ref.centre); // row 0 = first row of the file
  });
}

Deno.test("writeFits → readFits gives back the same pixels and header cards, also gzipped", () => {
  const data = Float32Array.from({ length: 6 }, (_, i) => i - 2.5);
  data[4] = NaN;
  const bytes = writeFits({ width: 3, height: 2, data }, {
    header: { OBJECT: "ZTF'x", EXPTIME: 30.5 },
  });
  equal(bytes.length % 2880, 0);
  for (const b of [bytes, new Uint8Array(gzipSync(bytes))]) {
    const [hdu] = readFits(b);
    assertEquals(hdu.image!.data, data);
    assertEquals(hdu.image!.toRows(), [[-2.5, -1.5, -0.5], [0.5, NaN, 2.5]]);
    equal(hdu.header.get("OBJECT"), "ZTF'x");
    equal(hdu.header.get("EXPTIME"), 30.5);
  }
  const padded = new Uint8Array(bytes.length + 2880);
  padded.set(bytes);
  equal(readFits(padded).length, 1); // trailing zero blocks are not an HDU
  const wide = readFits(writeFits({ width: 1, height: 1, data: [0.1] }, { bitpix: -64 }))[0];
  assertEquals(wide.image!.data, new Float64Array([0.1]));
});

Deno.test("a cutout re-written with writeFits is read back identical (exact)", () => {
  const [hdu] = readFits(Deno.readFileSync(new URL("ZTF22aayqeuc_science.fits.gz", dir)));
  const again = readFits(writeFits(hdu.image!))[0].image!;
  assertEquals(again.data, hdu.image!.data);
});

Deno.test("16-bit integer images apply BZERO/BSCALE and BLANK → NaN", () => {
  const raw = new DataView(new ArrayBuffer(8));
  [-32768, -1, 0, 32767].forEach((v, i) => raw.setInt16(2 * i, v));
  const bytes = concat(
    header([
      "SIMPLE  =                    T",
      "BITPIX  =                   16",
      "NAXIS   =                    2",
      "NAXIS1  =                    2",
      "NAXIS2  =                    2",
      "BZERO   =                32768",
      "BSCALE  =                  0.5",
      "BLANK   =                   -1",
    ]),
    block(new Uint8Array(raw.buffer)),
  );
  const img = readFits(bytes)[0].image!;
  assertEquals(Array.from(img.data), [16384, NaN, 32768, 32768 + 16383.5]);
});

Deno.test("BINTABLE columns decode E/D/J/K/I/B/A with repeat counts, row-major", () => {
  // Row layout: 2E (8) + D (8) + J (4) + K (8) + I (2) + B (1) + 3A (3) = 34 bytes.
  const nrows = 2;
  const row = 34;
  const view = new DataView(new ArrayBuffer(nrows * row));
  for (let r = 0; r < nrows; r++) {
    const o = r * row;
    view.setFloat32(o, 1.5 + r);
    view.setFloat32(o + 4, -2.25 - r);
    view.setFloat64(o + 8, Math.PI * (r + 1));
    view.setInt32(o + 16, -7 - r);
    view.setBigInt64(o + 20, 1234567890123456789n + BigInt(r));
    view.setInt16(o + 28, 300 + r);
    view.setUint8(o + 30, 200 + r);
    [..."ab" + r].forEach((c, k) => view.setUint8(o + 31 + k, c.charCodeAt(0)));
  }
  const bytes = binTableFits({
    rowBytes: row,
    rows: nrows,
    columns: [
      ["PROB    ", "2E      "],
      ["DBL", "D"],
      ["INT", "J"],
      ["CANDID", "K"],
      ["SHORT", "I"],
      ["BYTE", "B"],
      ["NAME", "3A"],
    ],
    data: new Uint8Array(view.buffer),
  });
  const hdus = readFits(bytes);
  equal(hdus.length, 2);
  equal(hdus[1].type, "bintable");
  equal(hdus[1].rows, 2);
  const c = hdus[1].columns!;
  equal(c.get("PROB")!.repeat, 2);
  assertEquals(c.get("PROB")!.data, new Float32Array([1.5, -2.25, 2.5, -3.25]));
  assertEquals(c.get("DBL")!.data, new Float64Array([Math.PI, 2 * Math.PI]));
  assertEquals(c.get("INT")!.data, new Int32Array([-7, -8]));
  assertEquals(
    c.get("CANDID")!.data,
    new BigInt64Array([1234567890123456789n, 1234567890123456790n]),
  );
  assertEquals(c.get("SHORT")!.data, new Int16Array([300, 301]));
  assertEquals(c.get("BYTE")!.data, new Uint8Array([200, 201]));
  assertEquals(c.get("NAME")!.data, ["ab0", "ab1"]);
  const only = readFits(bytes, { columns: ["INT"] })[1].columns!;
  assertEquals([...only.keys()], ["INT"]);
});

Deno.test("the BAYESTAR sky map reads as a 3,145,728-row NESTED table whose PROB sums to 1 (±1e-9)", () => {
  const hdus = readFits(Deno.readFileSync(SAMPLE_SKYMAP_PATH), { columns: ["PROB"] });
  const h = hdus[1].header;
  equal(h.get("NSIDE"), 512);
  equal(h.get("ORDERING"), "NESTED");
  equal(h.get("DATE-OBS"), "2020-02-19T09:44:15.197173");
  equal(h.get("MOC"), true);
  const prob = hdus[1].columns!.get("PROB")!.data as Float64Array;
  equal(prob.length, 3145728);
  let s = 0;
  for (const p of prob) s += p;
  ok(Math.abs(s - 1) < 1e-9, `sum ${s}`);
});

Deno.test("bad input is a FitsError saying what is wrong", () => {
  throws(() => readFits(new Uint8Array(10)), FitsError);
  throws(() => readFits(new Uint8Array(2880).fill(0x20)), /SIMPLE/);
  throws(() => writeFits({ width: 2, height: 2, data: [1, 2, 3] }), /3 values/);
});

Deno.test("a table column wider than its row, or gzip inflating past the cap, is a FitsError", () => {
  // 326 bytes of gzip declared 6,000 doubles per 8-byte row: each row's bytes were read 6,000
  // times over (gigabytes from a small upload).
  const bytes = binTableFits({ rowBytes: 8, rows: 6000, columns: [["PROB", "6000D"]] });
  throws(
    () => readFits(gzipSync(bytes)),
    /TFORM1 = 6000D ends at byte 48000 of a row, but rows have NAXIS1 = 8 bytes/,
  );
  const bomb = gzipSync(new Uint8Array(4 << 20)); // 4 MiB of zeros in ~4 kB
  throws(() => maybeGunzip(bomb, 1 << 20), /inflate to more than 1048576 bytes/);
  equal(maybeGunzip(bomb).length, 4 << 20);
  ok(MAX_INFLATED_BYTES >= 12 * 2048 ** 2 * 32); // a 4-column map at nside 2048 fits
});
