import { lightCurveColumns } from "../widgets/lightcurve_data.ts";
import { lightCurvePlot } from "../widgets/plot/lightcurve_plot.ts";
import { serializeSVG, staticDocument } from "../widgets/static_dom.ts";
import { syntheticLightCurve } from "./widgets_bench.ts";
const d = syntheticLightCurve(2000);
const doc = staticDocument();
for (let k = 0; k < 8; k++) {
  const t0 = performance.now();
  const c = lightCurveColumns(d);
  const t1 = performance.now();
  const svg = lightCurvePlot(c, {}, [], { document: doc });
  const t2 = performance.now();
  const html = (svg as unknown as Element).outerHTML;
  const t3 = performance.now();
  const s = serializeSVG(svg as unknown as Element);
  const t4 = performance.now();
  console.log(`cols ${(t1-t0).toFixed(1)} plot ${(t2-t1).toFixed(1)} outer ${(t3-t2).toFixed(1)} serialize ${(t4-t3).toFixed(1)} len ${s.length}`);
}
