/**
 * Coordinates against astropy 5.2.1 (tests/fixtures/astro_reference.json, made
 * by scripts/make_astro_reference.py with Fink's conesearch parsing rules).
 */
import { equal, ok, throws } from "node:assert/strict";
import {
  angularSeparation,
  equatorialToGalactic,
  formatSexagesimal,
  galacticToEquatorial,
  parseCoordinates,
} from "../../astro/coordinates.ts";
import { BadRequestError } from "../../astro/errors.ts";

const ref = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/astro_reference.json", import.meta.url)),
);

Deno.test("parseCoordinates equals astropy SkyCoord under Fink's rules for every string form (±1e-9 deg)", () => {
  for (const { ra, dec, expected } of ref.parse) {
    const got = parseCoordinates(ra, dec);
    ok(Math.abs(got.ra - expected[0]) < 1e-9, `${ra}: ${got.ra} vs ${expected[0]}`);
    ok(Math.abs(got.dec - expected[1]) < 1e-9, `${dec}: ${got.dec} vs ${expected[1]}`);
  }
});

Deno.test("all Fink conesearch notations of one position agree (±1e-9 deg)", () => {
  const forms: [string | number, string | number][] = [
    [193.82174166666667, 2.8973194444444443],
    ["193.82174166666667", "2.8973194444444443"],
    ["12h55m17.218s", "+02d53m50.35s"],
    ["12 55 17.218", "+02 53 50.35"],
    ["12:55:17.218", "02:53:50.35"],
    ["193d49m18.27s", "2d53m50.35s"],
    ["12h 55m 17.218s", "2°53′50.35″"],
  ];
  for (const [ra, dec] of forms) {
    const p = parseCoordinates(ra, dec);
    ok(Math.abs(p.ra - 193.82174166666667) < 1e-9, `${ra} → ${p.ra}`);
    ok(Math.abs(p.dec - 2.8973194444444443) < 1e-9, `${dec} → ${p.dec}`);
  }
});

Deno.test("RA wraps into [0, 360) like astropy Longitude; negative sexagesimal dec keeps its sign", () => {
  equal(parseCoordinates(-10.5, 0).ra, 349.5);
  equal(parseCoordinates(360, 0).ra, 0);
  ok(Math.abs(parseCoordinates("0 0 0", "-00 30 00").dec + 0.5) < 1e-12);
});

Deno.test("bad coordinates are BadRequestErrors naming the parameter and value", () => {
  const named = (text: string) => (e: unknown) =>
    e instanceof BadRequestError && e.message.includes(text);
  throws(() => parseCoordinates("kfdlkj", "2.0"), named('`ra`: "kfdlkj"'));
  throws(() => parseCoordinates("193.8", "north"), named('`dec`: "north"'));
  throws(() => parseCoordinates(10, 91), named("91"));
  throws(() => parseCoordinates("12:75:00", "0:0:0"), named("below 60"));
  throws(() => parseCoordinates(NaN, 0), BadRequestError);
});

Deno.test("angularSeparation equals astropy separation for 200 pairs incl. tiny and antipodal (±1e-12 deg)", () => {
  const s = ref.separation;
  for (let i = 0; i < s.ra1.length; i++) {
    const d = angularSeparation(s.ra1[i], s.dec1[i], s.ra2[i], s.dec2[i]);
    ok(Math.abs(d - s.deg[i]) < 1e-12, `pair ${i}: ${d} vs ${s.deg[i]}`);
  }
  equal(angularSeparation(10, 20, 10, 20), 0);
});

Deno.test("equatorialToGalactic equals astropy's galactic frame within 0.1″; the inverse round-trips (1e-9 deg)", () => {
  const g = ref.galactic;
  for (let i = 0; i < g.ra.length; i++) {
    const { l, b } = equatorialToGalactic(g.ra[i], g.dec[i]);
    const sep = angularSeparation(l, b, g.l[i], g.b[i]) * 3600;
    ok(sep < 0.1, `${g.ra[i]},${g.dec[i]}: ${sep}″`);
    const back = galacticToEquatorial(l, b);
    ok(angularSeparation(back.ra, back.dec, g.ra[i], g.dec[i]) < 1e-9);
  }
});

Deno.test("formatSexagesimal writes Fink's notations and carries rounded seconds", () => {
  equal(formatSexagesimal(193.82174166666667, { unit: "hour", separator: "hms" }), "12h55m17.218s");
  equal(formatSexagesimal(2.8973194444444443, { separator: "hms" }), "+02d53m50.35s");
  equal(formatSexagesimal(193.82174166666667, { unit: "hour" }), "12:55:17.218");
  equal(formatSexagesimal(-5.391111111111112, { separator: " ", precision: 1 }), "-05 23 28.0");
  equal(formatSexagesimal(29.99999999, { precision: 2 }), "+30:00:00.00");
  const p = parseCoordinates(
    formatSexagesimal(83.8220833, { unit: "hour" }),
    formatSexagesimal(-5.3911111),
  );
  ok(Math.abs(p.ra - 83.8220833) < 1e-6 && Math.abs(p.dec + 5.3911111) < 1e-5);
});
