/**
 * Dates against astropy 5.2.1 (tests/fixtures/astro_reference.json, made by
 * scripts/make_astro_reference.py) and Java's Double.toString rules.
 */
import { deepStrictEqual as assertEquals, equal, ok, throws } from "node:assert/strict";
import {
  isoToJd,
  javaDoubleToString,
  jdToIso,
  jdToUnixMs,
  nowJd,
  parseDate,
} from "../../astro/time.ts";
import { BadRequestError } from "../../astro/errors.ts";

const ref = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/astro_reference.json", import.meta.url)),
);

Deno.test("jdToIso equals astropy Time(jd, format='jd').iso for 305 JDs (exact string)", () => {
  assertEquals(ref.jd_to_iso.jd.map(jdToIso), ref.jd_to_iso.iso);
});

Deno.test("jdToUnixMs is the millisecond of astropy's ISO string for the 305 JDs", () => {
  const fromIso = ref.jd_to_iso.iso.map((iso: string) => Date.parse(iso.replace(" ", "T") + "Z"));
  assertEquals(ref.jd_to_iso.jd.map(jdToUnixMs), fromIso);
  equal(jdToUnixMs(2440587.5), 0);
  equal(jdToUnixMs(2459521.5), Date.UTC(2021, 10, 3));
});

Deno.test("isoToJd equals astropy Time(iso).jd for dates, date-times and the T form (exact)", () => {
  assertEquals(ref.iso_to_jd.iso.map(isoToJd), ref.iso_to_jd.jd);
});

Deno.test("parseDate follows isoify_time: JD when value // 2400000 ≠ 0, else MJD, else ISO", () => {
  ref.mjd_to_iso.mjd.forEach((mjd: number, i: number) => {
    equal(parseDate(mjd).iso, ref.mjd_to_iso.iso[i]);
    equal(parseDate(String(mjd)).iso, ref.mjd_to_iso.iso[i]);
  });
  assertEquals(parseDate("2459521.5"), { jd: 2459521.5, iso: "2021-11-03 00:00:00.000" });
  assertEquals(parseDate(2459521.5), parseDate("2021-11-03"));
  equal(parseDate("2021-11-03T10:00:00").jd, parseDate("2021-11-03 10:00:00").jd);
  equal(parseDate(0).jd, 2400000.5);
});

Deno.test("bad dates are BadRequestErrors naming the value", () => {
  throws(
    () => parseDate("yesterday"),
    (e: unknown) => e instanceof BadRequestError && e.message.includes('"yesterday"'),
  );
  throws(() => parseDate("2021-02-30"), BadRequestError);
  throws(() => parseDate("2021-11-03 25:00:00"), BadRequestError);
  throws(() => parseDate(NaN), BadRequestError);
  throws(() => jdToIso(Infinity), BadRequestError);
});

Deno.test("jdToIso rounds to the millisecond and carries into the next day, as astropy", () => {
  // astropy 5.2.1: 0.4 ms before midnight → next day; 0.6 ms before → 23:59:59.999.
  equal(jdToIso(2458789.5 - 0.0004 / 86400), "2019-11-02 00:00:00.000");
  equal(jdToIso(2458789.5 - 0.0006 / 86400), "2019-11-01 23:59:59.999");
  equal(jdToIso(2458789.5 - 1e-9), "2019-11-02 00:00:00.000");
});

Deno.test("nowJd is the current JD (within 1 s of Date.now)", () => {
  ok(Math.abs(nowJd() - (Date.now() / 86400000 + 2440587.5)) < 1 / 86400);
});

Deno.test("javaDoubleToString reproduces Java Double.toString (rowkey JDs and E notation)", () => {
  const cases: [number, string][] = [
    [2459795.8062153, "2459795.8062153"],
    [2458788.5, "2458788.5"],
    [2459000, "2459000.0"],
    [2459386.7210764, "2459386.7210764"],
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [-0.5, "-0.5"],
    [0.001, "0.001"],
    [0.0001, "1.0E-4"],
    [1.234e-5, "1.234E-5"],
    [9999999.999, "9999999.999"],
    [1e7, "1.0E7"],
    [12345678.9, "1.23456789E7"],
    [-1.5e300, "-1.5E300"],
    [Number.MAX_VALUE, "1.7976931348623157E308"],
    [Number.MIN_VALUE, "4.9E-324"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ];
  for (const [x, want] of cases) equal(javaDoubleToString(x), want, `for ${x}`);
});
