/**
 * HEALPix against healpy 1.16.1 (tests/fixtures/healpix.json, a copy of
 * /work/shared/reference/healpix.json) and healpy's documented examples.
 */
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  ang2pix,
  nest2ring,
  nestToRingMap,
  nestToRingTable,
  nside2npix,
  pix2ang,
  queryDisc,
  ring2nest,
  ringToNestMap,
  udGrade,
} from "../../astro/healpix.ts";
import { BadRequestError } from "../../astro/errors.ts";

/** Assert that `fn` throws an instance of `cls` whose message includes `text`. */
function assertThrows(fn: () => unknown, cls: new (...a: never[]) => Error, text: string) {
  throws(fn, (e: unknown) => e instanceof cls && e.message.includes(text));
}

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/healpix.json", import.meta.url)),
);

Deno.test("ang2pix at nside 128 equals healpy's RING pixel for all 1000 reference points (exact)", () => {
  const { ra, dec, pixel } = fixture.ang2pix_ring_nside128;
  const got = ra.map((r: number, i: number) => ang2pix(128, r, dec[i]));
  assertEquals(got, pixel);
});

Deno.test("queryDisc equals healpy query_disc exactly for all 40 discs, inclusive and not", () => {
  for (const q of fixture.query_disc_nside128_ring) {
    const r = q.radius_arcsec / 3600;
    assertEquals(queryDisc(128, q.ra, q.dec, r, { inclusive: true }), q.pixels_inclusive);
    assertEquals(queryDisc(128, q.ra, q.dec, r, { inclusive: false }), q.pixels_exclusive);
  }
});

Deno.test("queryDisc inclusive contains the pixel of the centre and every exclusive pixel", () => {
  for (
    const [ra, dec, rad] of [[0, 90, 0.5], [359.99, -89.9, 2], [45, 41.81, 1 / 3600], [180, 0, 5]]
  ) {
    const inc = new Set(queryDisc(64, ra, dec, rad, { inclusive: true }));
    if (!inc.has(ang2pix(64, ra, dec))) throw new Error(`centre pixel missing at ${ra},${dec}`);
    for (const p of queryDisc(64, ra, dec, rad)) {
      if (!inc.has(p)) throw new Error(`exclusive pixel ${p} missing at ${ra},${dec}`);
    }
  }
});

Deno.test("queryDisc with a radius ≥ 180° returns the whole sphere", () => {
  assertEquals(queryDisc(4, 10, 10, 180, { inclusive: true }).length, nside2npix(4));
});

Deno.test("nest2ring and ring2nest match healpy's documented examples", () => {
  assertEquals(nest2ring(16, 1130), 1504);
  assertEquals(ring2nest(16, 1504), 1130);
  assertEquals([...Array(10).keys()].map((p) => nest2ring(2, p)), [
    13,
    5,
    4,
    0,
    15,
    7,
    6,
    1,
    17,
    9,
  ]);
  assertEquals([...Array(10).keys()].map((p) => ring2nest(2, p)), [
    3,
    7,
    11,
    15,
    2,
    1,
    6,
    5,
    10,
    9,
  ]);
});

Deno.test("nest2ring and ring2nest are inverse permutations at nside 1…256", () => {
  for (const nside of [1, 2, 8, 64, 256]) {
    const table = nestToRingTable(nside);
    const seen = new Uint8Array(table.length);
    for (let p = 0; p < table.length; p += nside > 64 ? 97 : 1) {
      assertEquals(nest2ring(nside, p), table[p]);
      assertEquals(ring2nest(nside, table[p]), p);
    }
    for (const r of table) seen[r]++;
    assertEquals(seen.every((c) => c === 1), true);
  }
});

Deno.test("pix2ang matches healpy's documented example and ang2pix(pix2ang(p)) = p for every pixel", () => {
  // healpy: pix2ang(16, [1440, 427, 1520, 0, 3068]) → θ, φ in radians (1e-8 rad shown).
  const theta = [1.52911759, 0.78550497, 1.57079633, 0.05103658, 3.09055608];
  const phi = [0, 0.78539816, 1.61988371, 0.78539816, 0.78539816];
  [1440, 427, 1520, 0, 3068].forEach((p, i) => {
    const { ra, dec } = pix2ang(16, p);
    const t = (90 - dec) * Math.PI / 180, f = ra * Math.PI / 180;
    if (Math.abs(t - theta[i]) > 1e-8 || Math.abs(f - phi[i]) > 1e-8) {
      throw new Error(`pix2ang(16, ${p}) = θ ${t}, φ ${f}`);
    }
  });
  for (let p = 0; p < nside2npix(128); p++) {
    const { ra, dec } = pix2ang(128, p);
    if (ang2pix(128, ra, dec) !== p) throw new Error(`round trip failed at ${p}`);
  }
});

Deno.test("map reordering NESTED → RING → NESTED is the identity", () => {
  const m = Float64Array.from({ length: nside2npix(8) }, (_, i) => i * 0.5);
  assertEquals(ringToNestMap(nestToRingMap(m)), m);
});

Deno.test("udGrade degrades by averaging the 4 children and upgrades by copying", () => {
  const nest = Float64Array.from({ length: nside2npix(2) }, (_, i) => i);
  const low = ringToNestMap(udGrade(nestToRingMap(nest), 1));
  assertEquals(Array.from(low), [...Array(12).keys()].map((k) => 4 * k + 1.5));
  const up = ringToNestMap(udGrade(nestToRingMap(Float64Array.from(low)), 2));
  assertEquals(up[5], low[1]);
});

Deno.test("invalid nside, pixel and dec are BadRequestErrors naming the value", () => {
  assertThrows(() => ang2pix(100, 0, 0), BadRequestError, "100");
  assertThrows(() => ang2pix(128, 0, 91), BadRequestError, "91");
  assertThrows(() => pix2ang(1, 12), BadRequestError, "12");
  assertThrows(() => queryDisc(128, 0, 0, -1), BadRequestError, "-1");
});

Deno.test("nest2ring, ring2nest and pix2ang equal healpy at nside 128 and 1024 for 500 random pixels each (angles ±1e-14 rad)", () => {
  const ref = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/astro_reference.json", import.meta.url)),
  );
  for (const nside of [128, 1024]) {
    const h = ref[`healpix_nside${nside}`];
    h.pix.forEach((p: number, i: number) => {
      assertEquals(nest2ring(nside, p), h.nest2ring[i]);
      assertEquals(ring2nest(nside, p), h.ring2nest[i]);
      const { ra, dec } = pix2ang(nside, p);
      const theta = (90 - dec) * Math.PI / 180, phi = ra * Math.PI / 180;
      if (Math.abs(theta - h.theta[i]) > 1e-14 || Math.abs(phi - h.phi[i]) > 1e-14) {
        throw new Error(`pix2ang(${nside}, ${p}) = ${theta}, ${phi}`);
      }
    });
  }
});

Deno.test("queryDisc equals healpy for 300 random discs (1″–1°, nside 128/1024, 10% near a pole), inclusive and not", () => {
  const ref = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/astro_reference.json", import.meta.url)),
  );
  for (const q of ref.query_disc_random) {
    assertEquals(
      queryDisc(q.nside, q.ra, q.dec, q.radius_deg, { inclusive: true }),
      q.pixels_inclusive,
    );
    assertEquals(queryDisc(q.nside, q.ra, q.dec, q.radius_deg), q.pixels_exclusive);
  }
});
