/**
 * Costs of the astronomy utilities: HEALPix (ang2pix, queryDisc), sky-map
 * credible regions, FITS cutouts, constellations, coordinates and dates.
 *
 * Run: deno bench -A bench/healpix_bench.ts
 *
 * @module
 */
import { ang2pix, queryDisc } from "../astro/healpix.ts";
import { readCredibleLevels, SAMPLE_SKYMAP_PATH } from "../astro/skymap.ts";
import { readFits, writeFits } from "../astro/fits.ts";
import { constellation } from "../astro/constellation.ts";
import { parseCoordinates } from "../astro/coordinates.ts";
import { jdToIso } from "../astro/time.ts";

const N = 10_000;
const ra = Float64Array.from({ length: N }, (_, i) => (i * 137.50776) % 360);
const dec = Float64Array.from(
  { length: N },
  (_, i) => Math.asin(((i * 0.6180339887) % 2) - 1) * 180 / Math.PI,
);

Deno.bench("ang2pix nside 128 × 10,000 positions", { group: "healpix" }, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s += ang2pix(128, ra[i], dec[i]);
  if (s < 0) throw new Error();
});

let k = 0;
Deno.bench("queryDisc nside 128 inclusive, 5″ cone", { group: "healpix" }, () => {
  k = (k + 1) % N;
  queryDisc(128, ra[k], dec[k], 5 / 3600, { inclusive: true });
});

Deno.bench("queryDisc nside 128 inclusive, 1° cone", { group: "healpix" }, () => {
  k = (k + 1) % N;
  queryDisc(128, ra[k], dec[k], 1, { inclusive: true });
});

Deno.bench("queryDisc nside 128 inclusive, 5° cone (Fink's maximum)", { group: "healpix" }, () => {
  k = (k + 1) % N;
  queryDisc(128, ra[k], dec[k], 5, { inclusive: true });
});

const skymap = Deno.readFileSync(SAMPLE_SKYMAP_PATH);
Deno.bench(
  "sky map S200219ac (NSIDE 512, 6.7 MB gz) → credible levels at nside 128",
  { group: "skymap", n: 3, warmup: 1 },
  () => {
    readCredibleLevels(skymap);
  },
);

const cutout = Deno.readFileSync("tests/fixtures/cutouts/ZTF22aayqeuc_science.fits.gz");
Deno.bench("readFits gzipped 63×63 cutout", { group: "fits" }, () => {
  readFits(cutout);
});
const image = readFits(cutout)[0].image!;
Deno.bench("writeFits 63×63 float32", { group: "fits" }, () => {
  writeFits(image);
});

Deno.bench("constellation × 1,000 positions", { group: "misc" }, () => {
  for (let i = 0; i < 1000; i++) constellation(ra[i], dec[i]);
});
Deno.bench("parseCoordinates sexagesimal", { group: "misc" }, () => {
  parseCoordinates("12h55m17.218s", "+02d53m50.35s");
});
Deno.bench("jdToIso × 1,000", { group: "misc" }, () => {
  for (let i = 0; i < 1000; i++) jdToIso(2459000.5 + i * 0.37);
});
