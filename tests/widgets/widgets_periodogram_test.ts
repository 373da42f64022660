/**
 * PeriodogramWidget: FAP levels by bisection (checked against the closed-form inverse of an
 * exponential FAP, tolerance 1e-9) and the static SVG (best period and levels marked).
 */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import { fapLevel, PeriodogramWidget, WidgetDataError } from "../../widgets/mod.ts";

const frequency = Float64Array.from({ length: 500 }, (_, i) => 0.5 + i * 0.05);
const power = frequency.map((f) => 0.9 * Math.exp(-((f - 8) ** 2) * 50) + 0.02);

Deno.test("fapLevel inverts a decreasing FAP function", () => {
  const fap = (z: number) => Math.min(1, 100 * Math.exp(-20 * z));
  for (const p of [0.1, 0.01, 0.001]) {
    assertAlmostEquals(fapLevel(fap, p, 1), Math.log(100 / p) / 20, 1e-9);
  }
  assert(Number.isNaN(fapLevel(() => 1, 0.01, 1)), "unreachable level");
});

Deno.test("a FAP function gives three levels and the best-peak FAP; the SVG marks them", () => {
  const w = new PeriodogramWidget({
    frequency,
    power,
    bestPeriod: 1 / 8,
    falseAlarmProbability: (z) => Math.min(1, 500 * Math.exp(-30 * z)),
  });
  assertEquals(w.data.levels.map((l) => l.probability), [0.1, 0.01, 0.001]);
  assertAlmostEquals(w.data.bestFap!, 500 * Math.exp(-30 * 0.92), 1e-9);
  const svg = w.toSVG();
  assert(svg.includes("P = 0.125 d"));
  assertEquals((svg.match(/FAP 1 %/g) ?? []).length, 1);
  assert(svg.includes("Period (days)"));
});

Deno.test("a numeric FAP is shown by the best period; bad input is rejected", () => {
  const svg = new PeriodogramWidget({
    frequency,
    power,
    bestPeriod: 0.125,
    falseAlarmProbability: 0.002,
  }).toSVG();
  assert(svg.includes("FAP 2.0e-3"));
  assertThrows(
    () => new PeriodogramWidget({ frequency, power: [1], bestPeriod: 1 }),
    WidgetDataError,
    "power has 1",
  );
  assertThrows(
    () => new PeriodogramWidget({ frequency, power, bestPeriod: 0 }),
    WidgetDataError,
    "bestPeriod",
  );
});

Deno.test("a best period on the edge of the periods searched is said to be there", () => {
  const longest = 1 / Math.min(...frequency);
  const edge = new PeriodogramWidget({ frequency, power, bestPeriod: longest }).toSVG();
  assert(edge.includes("(at the edge of the periods searched)"));
  const inside = new PeriodogramWidget({ frequency, power, bestPeriod: 0.125 }).toSVG();
  assert(!inside.includes("at the edge"));
});
