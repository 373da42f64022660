/**
 * Sky projections (widgets/projection.ts) against closed-form values of the Hammer, Mollweide
 * and Aitoff projections, Galactic → equatorial against the IAU definition (Galactic centre,
 * north Galactic pole, l = 90°), and SkyWidget's static SVG on the real sample alerts and the
 * S200219ac 90 % credible region (tests/fixtures/healpix.json, healpy reference). Tolerances:
 * 1e-9 projection units, 0.01° for coordinates.
 */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import {
  circlePoints,
  galacticToEquatorial,
  projectLonLat,
  projectPolyline,
  projectSky,
  regionZoom,
  skyColumns,
  SkyWidget,
  WidgetDataError,
} from "../../widgets/mod.ts";
import { skyAlerts } from "./widgets_fixture.ts";

const healpix = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/healpix.json", import.meta.url)),
);

Deno.test("Hammer, Mollweide and Aitoff give their closed-form values; east is to the left", () => {
  const [hx, hy] = projectLonLat("hammer", Math.PI / 2, 0);
  assertAlmostEquals(hx, -2 / Math.sqrt(1 + Math.SQRT1_2), 1e-9);
  assertAlmostEquals(hy, 0, 1e-12);
  const [mx, my] = projectLonLat("mollweide", 0, Math.PI / 2);
  assertAlmostEquals(mx, 0, 1e-12);
  assertAlmostEquals(my, Math.SQRT2, 1e-9);
  assertAlmostEquals(projectLonLat("mollweide", Math.PI, 0)[0], -2 * Math.SQRT2, 1e-9);
  // Mollweide is equal-area: 2θ + sin 2θ = π sin φ at φ = 30°
  const [, y30] = projectLonLat("mollweide", 0, Math.PI / 6);
  const theta = Math.asin(y30 / Math.SQRT2);
  assertAlmostEquals(2 * theta + Math.sin(2 * theta), Math.PI * 0.5, 1e-9);
  const [ax, ay] = projectLonLat("aitoff", 0, Math.PI / 4);
  assertAlmostEquals(ax, 0, 1e-12);
  assertAlmostEquals(ay, Math.PI / 4, 1e-9);
  assertAlmostEquals(projectLonLat("aitoff", Math.PI, 0)[0], -Math.PI, 1e-9);
});

Deno.test("projectSky centres the map on centerRa and RA increases to the left", () => {
  const { x } = projectSky([180, 200, 160], [0, 0, 0], { centerRa: 180 });
  assertAlmostEquals(x[0], 0, 1e-12);
  assert(x[1] < 0 && x[2] > 0);
});

Deno.test("galacticToEquatorial: Galactic centre, north Galactic pole and l = 90°", () => {
  const check = ([ra, dec]: [number, number], [era, edec]: [number, number]) => {
    assertAlmostEquals(ra, era, 0.01);
    assertAlmostEquals(dec, edec, 0.01);
  };
  check(galacticToEquatorial(0, 0), [266.405, -28.936]);
  check(galacticToEquatorial(0, 90), [192.859, 27.128]);
  check(galacticToEquatorial(90, 0), [318.004, 48.330]);
});

Deno.test("circlePoints lie at the requested angular distance; polylines split at the map edge", () => {
  const [ra, dec] = circlePoints(120, 40, 5, 36);
  for (let k = 0; k < ra.length; k++) {
    const d = Math.acos(
      Math.sin(40 * Math.PI / 180) * Math.sin(dec[k] * Math.PI / 180) +
        Math.cos(40 * Math.PI / 180) * Math.cos(dec[k] * Math.PI / 180) *
          Math.cos((ra[k] - 120) * Math.PI / 180),
    ) * 180 / Math.PI;
    assertAlmostEquals(d, 5, 1e-9);
  }
  assertEquals(projectPolyline([170, 175, 185, 190], [0, 0, 0, 0]).length, 2);
  assertEquals(projectPolyline([10, 20, 30], [0, 0, 0]).length, 1);
});

Deno.test("regionZoom encloses the region", () => {
  const [x0, x1, y0, y1] = regionZoom({ ra: 30, dec: 10, radius: 2 }, "hammer", 0);
  const { x, y } = projectSky([30], [10]);
  assert(x0 < x[0] && x[0] < x1 && y0 < y[0] && y[0] < y1);
  assert(x1 - x0 < 0.2, "a 2° region is small");
});

Deno.test("skyColumns sorts classes by count and validates coordinates", () => {
  const s = skyColumns({ ra: [1, 2, 3], dec: [0, 1, 2], classification: ["QSO", "SN", "SN"] });
  assertEquals(s.classes, ["SN", "QSO"]);
  assertEquals(Array.from(s.classIndex), [1, 0, 0]);
  assertThrows(() => skyColumns({ ra: [1], dec: [95] }), WidgetDataError, "dec=95");
  assertThrows(() => skyColumns({ ra: [1, 2], dec: [0] }), WidgetDataError, "ra has 2");
});

Deno.test("static sky SVG of the sample alerts: one dot per alert, cone, credible region, legend", async () => {
  const a = await skyAlerts();
  const pixels = healpix.skymap_S200219ac["pixels_credible_0.9"] as number[];
  const w = new SkyWidget(
    { ra: a.ra, dec: a.dec, classification: a.cls, objectId: a.objectId },
    { cone: { ra: a.ra[0], dec: a.dec[0], radius: 10 }, skymap: { nside: 128, pixels } },
  );
  const svg = w.toSVG();
  const alerts = svg.slice(svg.indexOf('class="alerts"'));
  assertEquals(
    (alerts.match(/<circle/g) ?? []).length - (svg.match(/legend-item/g) ?? []).length,
    a.ra.length,
  );
  assert(svg.includes('class="cone"') && svg.includes('class="galactic-plane"'));
  const region = svg.match(/class="credible-region" d="([^"]*)"/)![1];
  assertEquals((region.match(/M/g) ?? []).length, pixels.length);
  assertEquals((svg.match(/legend-item/g) ?? []).length, 11, "10 classes + Other");
  assertThrows(
    () => new SkyWidget({ ra: [1], dec: [1] }, { skymap: { nside: 128, pixels: [196608] } }),
    WidgetDataError,
    "196608",
  );
});

Deno.test("static SVG subsamples beyond maxStaticPoints", () => {
  const n = 5000;
  const ra = Float64Array.from({ length: n }, (_, i) => (i * 7.3) % 360);
  const dec = Float64Array.from({ length: n }, (_, i) => ((i * 3.1) % 170) - 85);
  const svg = new SkyWidget({ ra, dec }, { maxStaticPoints: 1000 }).toSVG();
  const alerts = svg.slice(svg.indexOf('class="alerts"'));
  assertEquals((alerts.match(/<circle/g) ?? []).length - 1, 1000);
});
