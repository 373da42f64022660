#!/usr/bin/python3
"""Write the source of finkit's example notebooks (notebooks/*.ipynb, without outputs).

Execute them afterwards with the grace-period executor (Deno kernel):
    /usr/bin/python3 tests/browser/nbexec.py notebooks/X.ipynb notebooks/X.ipynb --cwd notebooks
"""
import nbformat as nbf

KERNEL = {"display_name": "Deno", "language": "typescript", "name": "deno"}


def notebook(path, cells):
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "typescript", "file_extension": ".ts"}
    nb.cells = [nbf.v4.new_markdown_cell(c[3:]) if c.startswith("md:") else nbf.v4.new_code_cell(c)
                for c in cells]
    nbf.write(nb, path)


notebook("notebooks/quickstart.ipynb", [
    "md:# finkit quickstart\n\nThe embedded sample of real ZTF alerts, queried as Fink's REST API answers them. "
    "Results are Apache Arrow tables with Fink's column names; widgets draw them.",
    'import { connect, LightCurveWidget, SkyWidget } from "../mod.ts";\n'
    "const fink = await connect(); // built on first use from data/sample, then reused\n"
    "fink.store.description",
    "md:## What is in the store\nFink's tables, filled by the ingest from the sample files.",
    "const tables = await fink.tables();\n"
    "Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await fink.store.count(t)])))",
    "md:## A light curve\nZTF25abxvhmk, a TDE classified by TNS, with its upper limits (`d:tag`).",
    'const lc = await fink.objects({ objectId: "ZTF25abxvhmk", withUpperLim: true });\n'
    'lc.select(["i:jd", "i:fid", "i:magpsf", "i:sigmapsf", "d:tag", "v:classification", "v:lastdate"])',
    "new LightCurveWidget(lc)",
    "md:## Cone search\nThe objects within 5° of ZTF21abebfgc (positions in degrees or sexagesimal), "
    "sorted by separation (`v:separation_degree`).",
    'const ra = 327.7169368, dec = -14.0229813;\n'
    'const cone = await fink.conesearch({ ra: "21h50m52.06s", dec: "-14d01m22.73s", radius: 18000 });\n'
    'cone.select(["i:objectId", "d:classification", "i:magpsf", "v:separation_degree"])',
    "md:## The latest alerts of a class, and where they are",
    'const sne = await fink.latests({ class: "SN candidate", n: 100 });\n'
    'sne.select(["i:objectId", "i:jd", "i:magpsf", "d:snn_sn_vs_all", "v:lastdate", "v:constellation"])',
    'new SkyWidget(sne, { cone: { ra, dec, radius: 5 } })',
    "md:## Superluminous supernova candidates\nFink's nightly `ztf.slsn` selection (`slsn_score` ≥ 0.5, "
    "then cuts on the whole light curve), one row per object.",
    'const slsn = await fink.latests({ class: "SLSN candidate", n: 20 });\n'
    'slsn.select(["i:objectId", "d:slsn_score", "d:tns", "v:classification", "v:lastdate"])',
    "md:## Nightly statistics\n`statistics_class`, one row per observing night.",
    'await fink.statistics({ date: "2021", columns: "basic:raw,basic:sci,basic:n_g,basic:n_r" })',
    "await fink.close();",
])

notebook("notebooks/microlensing.ipynb", [
    "md:# The microlensing event ZTF18abktckv\n\nForced photometry (fink-tutorials) fitted with a "
    "point-source point-lens model: per-band source and blend fluxes, no hand-made starting point.",
    'import { fitPSPL, LightCurveWidget, readPhotometryText } from "../mod.ts";\n'
    'const dir = "../data/sample/fink-tutorials/galactic/Data";\n'
    "const t: number[] = [], mag: number[] = [], err: number[] = [], fid: number[] = [];\n"
    'for (const [band, f] of [["g", 1], ["r", 2], ["i", 3]] as const) {\n'
    "  const p = await readPhotometryText(`${dir}/ZTF18abktckv_${band}.dat`);\n"
    "  p.bjd.forEach((x, i) => { t.push(x); mag.push(p.mag[i]); err.push(p.magErr[i]); fid.push(f); });\n"
    "}\n"
    "`${t.length} points in g, r, i`",
    "const fit = fitPSPL({ t, mag, magErr: err, band: fid });\n"
    "({ status: fit.status, t0: fit.t0, u0: fit.u0, tE: fit.tE, sigma: fit.sigma, chi2_dof: fit.chi2 / fit.dof })",
    "md:The fit drawn over the data (zoom on the peak by dragging in the live widget). Forced "
    "photometry gives total (apparent) magnitudes, hence `magnitude: \"apparent\"`.",
    "new LightCurveWidget({ jd: t, mag, err, fid }, { magnitude: \"apparent\", models: [fit], title: \"ZTF18abktckv — PSPL fit\" })",
    "md:The same event in flux space, where the magnification multiplies the source flux: the "
    "model is drawn in mJy over the data.",
    "new LightCurveWidget({ jd: t, mag, err, fid }, {\n"
    "  magnitude: \"apparent\", mode: \"difference-flux\", models: [fit], title: \"ZTF18abktckv — flux\",\n"
    "})",
])

notebook("notebooks/asteroids.ipynb", [
    "md:# Asteroid phase curves\n\n(8467) Benoitcarry and (33803) Julienpeloton: their ZTF alerts in the "
    "store, and their aggregated light curves with ephemerides (Fink's `ssobulk`), fitted with the "
    "HG1G2 and sHG1G2 models as Fink's SSOFT.",
    'import { connect, fitPhaseCurve, LightCurveWidget, ssobulk } from "../mod.ts";\n'
    "const fink = await connect();\n"
    'const alerts = await fink.sso({ nOrD: "8467" });\n'
    'alerts.select(["i:objectId", "i:ssnamenr", "i:jd", "i:magpsf", "sso_name", "sso_number"])',
    'const lc = await ssobulk({ ssnamenr: "8467" });\n'
    'const col = (n: string) => Array.from(lc.getChild(n)!.toArray() as ArrayLike<number>);\n'
    'const data = { phase: col("Phase"), mag: col("magpsf_red"), err: col("csigmapsf"), band: col("cfid"), ra: col("RA"), dec: col("DEC") };\n'
    "`${data.phase.length} observations, phase ${Math.min(...data.phase).toFixed(1)}–${Math.max(...data.phase).toFixed(1)}°`",
    'const hg1g2 = fitPhaseCurve(data, { model: "HG1G2" });\n'
    'const shg1g2 = fitPhaseCurve(data, { model: "SHG1G2" });\n'
    "const keys = [\"H_1\", \"H_2\", \"G1_1\", \"G2_1\", \"R\", \"alpha0\", \"delta0\", \"chi2red\", \"rms\", \"status\"] as const;\n"
    "Object.fromEntries(keys.map((k) => [k, [(hg1g2 as Record<string, unknown>)[k], (shg1g2 as Record<string, unknown>)[k]]]))",
    "md:Reduced magnitude against phase angle, with the HG1G2 model per band.",
    'new LightCurveWidget({ jd: col("cjd"), mag: data.mag, err: data.err, fid: data.band, phase: data.phase },\n'
    '  { xAxis: "phase-angle", models: [hg1g2], title: "(8467) Benoitcarry — HG1G2" })',
    "md:## The Solar System Object Fink Table\nThe same fits with the synodic period of their "
    "residuals and the astrometry against the ephemerides: one row per asteroid with at least 50 "
    "observations, as Fink's `/api/v1/ssoft` gives them (finkit computes the table from the "
    "aggregated file).",
    'const table = await fink.ssoft({ flavor: "SHG1G2" });\n'
    'table.select(["ssnamenr", "sso_name", "n_obs", "H_1", "H_2", "R", "alpha0", "delta0", "period", "mean_astrometry"])',
    "await fink.close();",
])

notebook("notebooks/gw_skymap.ipynb", [
    "md:# Alerts in a gravitational-wave sky map\n\nThe LIGO/Virgo bayestar map of S200219ac (bundled), "
    "its 90 % credible region at HEALPix nside 128, and the alerts first detected around the event.",
    'import { connect, skymapPixels, SkyWidget } from "../mod.ts";\n'
    "const fink = await connect();\n"
    'const map = await Deno.readFile("../data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz");\n'
    "const region = skymapPixels(map, 0.9);\n"
    "({ event: region.object, date: region.dateObs, pixels: region.pixels.length })",
    'const hits = await fink.skymap({ eventName: "S200219ac", credibleLevel: 0.9, nDayBefore: 1, nDayAfter: 6 });\n'
    "hits",
    "md:The sample holds no alert from February 2020, so this table is empty here; on Fink's HBase "
    "(`connect(\"hbase://…\")`) the same call returns the alerts first detected in the window.",
    "md:The credible region on the sky, with the sample's latest alerts for context.",
    'const all = await fink.latests({ class: "Unknown", n: 1000, columns: "i:objectId,i:ra,i:dec" });\n'
    "new SkyWidget(all, { skymap: { nside: 128, pixels: region.pixels }, title: \"S200219ac, 90 % region\" })",
    "await fink.close();",
])


notebook("notebooks/variable_stars.ipynb", [
    "md:# Variable stars in the sample\n\nEvery object that SIMBAD (`d:cdsxmatch`) calls a variable "
    "star, its alert light curve searched with the multiband Lomb-Scargle periodogram (g and r "
    "share one period), the false-alarm probability (FAP) of the best peak, and the period "
    "compared with what the SIMBAD class leads one to expect. Fixed frequency grid and bootstrap "
    "seed, so every run gives the same numbers.",
    'import { connect, lightCurveColumns, LightCurveWidget, lombScargleMultiband, PeriodogramWidget } from "../mod.ts";\n'
    "const fink = await connect();\n"
    "// Objects per SIMBAD label, from Fink's class index (ztf.class rowkeys: class_jd_objectId)\n"
    "const simbad = new Map<string, string>();\n"
    'for await (const row of fink.store.scan("ztf.class", { columns: ["i:jd"] })) {\n'
    '  const parts = row.key.split("_");\n'
    "  const id = parts.pop()!;\n"
    "  parts.pop();\n"
    '  simbad.set(id, parts.join("_"));\n'
    "}\n"
    "// Periods (days) one expects per SIMBAD variable class (GCVS / VSX ranges)\n"
    "const expected: [RegExp, string, number, number][] = [\n"
    '  [/RRLyr/, "RR Lyrae", 0.2, 1.2], [/delSct|pulsV\\*SX/i, "delta Scuti / SX Phe", 0.02, 0.3],\n'
    '  [/Cepheid|WVir/, "Cepheid", 1, 100], [/EB\\*/, "eclipsing binary", 0.2, 10],\n'
    '  [/BYDra/, "BY Dra (spots)", 0.5, 30], [/LP|Mira|AGB/, "long-period", 50, 1000],\n'
    '  [/CataclyV|CV\\*/, "cataclysmic (orbit)", 0.05, 0.5],\n'
    '  [/V\\*|Erupt|Symbiotic|Ae\\*|Be\\*|YSO|C\\*|bCep/, "irregular or other", NaN, NaN],\n'
    "];\n"
    "const variables = [...simbad].filter(([, c]) => expected.some(([re]) => re.test(c)));\n"
    "`${simbad.size} classified objects, ${variables.length} SIMBAD variable stars`",
    "md:## One periodogram per star\n\nZTF alerts carry 30 days of history, so each light curve "
    "holds at most a few dozen detections. Periods from 0.03 to 10 days are searched; a FAP below "
    "1 % would be a detection.",
    "const rows = [];\n"
    "const results = new Map<string, { ls: ReturnType<typeof lombScargleMultiband>; lc: Awaited<ReturnType<typeof fink.objects>> }>();\n"
    "for (const [id, cls] of variables) {\n"
    "  const lc = await fink.objects({ objectId: id, withUpperLim: true });\n"
    "  const c = lightCurveColumns(lc);\n"
    "  const v = [...c.tag.keys()].filter((i) => c.tag[i] === 0);\n"
    "  const kind = expected.find(([re]) => re.test(cls))!;\n"
    "  const row = { objectId: id, simbad: cls, expected: kind[1], points: v.length, period: NaN, fap: NaN, consistent: \"\" };\n"
    "  if (v.length >= 8) {\n"
    "    const ls = lombScargleMultiband(\n"
    "      { t: v.map((i) => c.jd[i]), y: v.map((i) => c.magpsf[i]), dy: v.map((i) => c.sigmapsf[i]), band: v.map((i) => c.fid[i]) },\n"
    "      { minimumFrequency: 1 / 10, maximumFrequency: 1 / 0.03 },\n"
    "    );\n"
    "    row.period = +ls.bestPeriod.toPrecision(4);\n"
    "    // Multiband FAP is a bootstrap; 200 resamplings (seed 42) for the survey, 1,000 below\n"
    "    row.fap = +ls.falseAlarmProbability(ls.bestPower, { method: \"bootstrap\", nBootstraps: 200, seed: 42 }).toPrecision(2);\n"
    "    const inRange = ls.bestPeriod >= kind[2] && ls.bestPeriod <= kind[3];\n"
    "    row.consistent = Number.isNaN(kind[2]) ? \"no period expected\" : inRange ? \"in range\" : \"outside range\";\n"
    "    results.set(id, { ls, lc });\n"
    "  }\n"
    "  rows.push(row);\n"
    "}\n"
    "rows.sort((a, b) => (a.fap || 2) - (b.fap || 2));\n"
    "console.table(rows.slice(0, 15));\n"
    "`${rows.filter((r) => r.fap < 0.01).length} of ${results.size} searched stars have a peak with FAP < 1 %`",
    "md:No star reaches FAP < 1 %, and unrelated stars peak at the same ≈ 2.02 d, a mark of the "
    "observing cadence rather than of the stars. A month of alert history, a few points per night, cannot pin "
    "a period down. This is the honest answer from alerts alone; Fink's portal shows the same "
    "objects with years of photometry. The best candidate below, and its periodogram with the 10, "
    "1 and 0.1 % FAP levels (bootstrap), show why: the peak does not stand above the noise levels.",
    "const best = rows.find((r) => results.has(r.objectId))!;\n"
    "const { ls, lc } = results.get(best.objectId)!;\n"
    "console.log(`${best.objectId} (SIMBAD: ${best.simbad}), best period ${best.period} d, FAP ${best.fap}`);\nnew PeriodogramWidget(ls)",
    "md:A FAP from 200 resamplings is coarse (binomial error √(p(1−p)/N) ≈ 0.015 at p = 0.05). "
    "With 1,000 resamplings and two seeds it settles, and stays far above 1 %:",
    "({ seed42: ls.falseAlarmProbability(ls.bestPower, { method: \"bootstrap\", nBootstraps: 1000, seed: 42 }), seed7: ls.falseAlarmProbability(ls.bestPower, { method: \"bootstrap\", nBootstraps: 1000, seed: 7 }) })",
    "md:Folded at the best period with the multiband model (two cycles). Toggle a band, change "
    "the period or zoom in the live widget.",
    "new LightCurveWidget(lc, { periodogram: ls, models: [ls], cycles: 2, title: `${best.objectId} folded` })",
    "await fink.close();",
])

notebook("notebooks/transients.ipynb", [
    "md:# Transients: the latest supernova candidates\n\nFink's `SN candidate` class in a fixed "
    "window (the sample's last nights, 20–23 March 2026), their TNS labels, the cutouts of the "
    "latest alert of a spectroscopically classified one, and its colour and rate evolution.",
    'import { connect, CutoutWidget, LightCurveWidget, SkyWidget } from "../mod.ts";\n'
    "const fink = await connect();\n"
    'const sne = await fink.latests({ class: "SN candidate", n: 50, startdate: "2026-03-20", stopdate: "2026-03-23" });\n'
    'sne.select(["i:objectId", "v:lastdate", "i:magpsf", "d:snn_snia_vs_nonia", "d:snn_sn_vs_all", "d:tns", "v:constellation"])',
    "md:## TNS labels\nThe candidates TNS has classified (`d:tns`), and every object of the sample "
    "with a TNS type through Fink's `(TNS) <type>` classes.",
    'const col = (t: typeof sne, n: string) => Array.from({ length: t.numRows }, (_, i) => t.getChild(n)!.get(i));\n'
    'const labelled = col(sne, "i:objectId").map((id, i) => ({ objectId: id, tns: col(sne, "d:tns")[i], snia: col(sne, "d:snn_snia_vs_nonia")[i] }))\n'
    '  .filter((r) => r.tns);\n'
    "console.table(labelled);\n"
    'const types = ["SN Ia", "SN II", "SN IIn", "SN Ib/c", "TDE", "SLSN-I", "SLSN-II"];\n'
    'Object.fromEntries(await Promise.all(types.map(async (ty) => [ty, (await fink.latests({ class: `(TNS) ${ty}`, n: 100, columns: "i:objectId" })).numRows])))',
    "md:The early SN Ia classifier (`d:snn_snia_vs_nonia`) against the TNS type: a spectroscopic "
    "SN II should score low, an SN Ia high.",
    "md:## Where they are",
    'new SkyWidget(sne, { projection: "mollweide", title: `${sne.numRows} alerts of SN candidates, 20–23 March 2026` })',
    "md:## ZTF26aaaldio, a type II supernova\nIts light curve with upper limits, then the three "
    "cutouts of its latest alert.",
    'const lc = await fink.objects({ objectId: "ZTF26aaaldio", withUpperLim: true, withCutouts: true });\n'
    'new LightCurveWidget(lc, { title: "ZTF26aaaldio (TNS: SN II)" })',
    '// objects() is sorted by jd, newest first: the first valid row is the latest alert\n'
    'const latest = [...lc.getChild("d:tag")!].indexOf("valid");\n'
    'const stamp = (kind: string) => lc.getChild(`b:cutout${kind}_stampData`)!.get(latest);\n'
    'new CutoutWidget({ science: stamp("Science"), template: stamp("Template"), difference: stamp("Difference") }, { title: "ZTF26aaaldio, latest alert" })',
    "md:## Colour and rate evolution\nFink's derived columns: `v:g-r` on paired g/r nights, "
    "`v:rate` (mag/day per band, positive when fading) and `v:rate(g-r)` (reddening per day).",
    'const ev = lc.select(["i:jd", "i:fid", "i:magpsf", "v:rate", "v:sigma(rate)", "v:g-r", "v:sigma(g-r)", "v:rate(g-r)"]);\n'
    "const jd = col(ev, \"i:jd\") as number[], fid = col(ev, \"i:fid\") as number[];\n"
    "const rate = col(ev, \"v:rate\") as (number | null)[], gr = col(ev, \"v:g-r\") as (number | null)[];\n"
    "const median = (a: number[]) => a.length ? a.sort((x, y) => x - y)[a.length >> 1] : NaN;\n"
    "const pick = (a: (number | null)[], keep: (i: number) => boolean) => a.map((v, i) => keep(i) && v !== null && Number.isFinite(v) ? v : NaN).filter(Number.isFinite);\n"
    "const last = Math.max(...jd);\n"
    "({\n"
    "  'median g rate, last 10 d (mag/d)': +median(pick(rate, (i) => fid[i] === 1 && jd[i] > last - 10)).toFixed(4),\n"
    "  'median r rate, last 10 d (mag/d)': +median(pick(rate, (i) => fid[i] === 2 && jd[i] > last - 10)).toFixed(4),\n"
    "  'g-r, first paired night': +pick(gr, () => true).at(-1)!.toFixed(3),\n"
    "  'g-r, last paired night': +pick(gr, () => true)[0].toFixed(3),\n"
    "})",
    "md:Magnitudes fall as an object brightens: a negative rate is a rise, a positive one a "
    "decline, and |rate| below 0.01 mag/day a plateau; a growing g − r is a cooling, reddening "
    "photosphere. Read from the numbers above:",
    "const g10 = median(pick(rate, (i) => fid[i] === 1 && jd[i] > last - 10));\n"
    "const grs = pick(gr, () => true);\n"
    "`g band: ${Math.abs(g10) < 0.01 ? \"plateau\" : g10 < 0 ? \"rising\" : \"declining\"} (${g10.toFixed(4)} mag/d); colour: ${grs[0] > grs.at(-1)! ? \"reddening\" : \"bluing\"} by ${(grs[0] - grs.at(-1)!).toFixed(2)} mag`",
    "md:A type II supernova on its plateau: the hydrogen envelope recombines at a nearly constant "
    "temperature, so the brightness holds while the colour slowly reddens.",
    "await fink.close();",
])

notebook("notebooks/scaling_out.ipynb", [
    "md:# Scaling out: the same notebook on HBase\n\nfinkit runs every query unchanged on Fink's "
    "production engine. With `HBASE_REST_URL` set (`hbase://host:port`, an HBase REST server), "
    "this notebook ingests a few sample files into a namespace of its own on HBase; without it, "
    "into a new embedded (SQLite) store. Everything after the ingest is the same code on the same "
    "alerts, so the answers are the same.",
    'import { connect, findAlertFiles, ingestFiles, LightCurveWidget, openStore, SkyWidget } from "../mod.ts";\n'
    'const hbase = Deno.env.get("HBASE_REST_URL");\n'
    "// A few sample files: enough for the queries below, small enough to ingest in seconds\n"
    "const files = await findAlertFiles([\n"
    '  "../data/sample/fink-filters/fink_filters/data/few_SLSN_alerts.parquet",\n'
    '  "../data/sample/fink-client/datatest/ztf/part-3-305711.avro",\n'
    "]);\n"
    "let url: string;\n"
    "let tmp: string | undefined;\n"
    "if (hbase) {\n"
    "  const u = new URL(hbase); // hbase://host:port[/namespace][?options]: our own namespace\n"
    '  u.pathname = "/finkit_notebook";\n'
    "  url = u.toString();\n"
    "} else {\n"
    '  tmp = await Deno.makeTempFile({ prefix: "finkit-scaling-", suffix: ".db" });\n'
    "  url = `file:${tmp}`;\n"
    "}\n"
    "const store = await openStore(url);\n"
    "const t0 = performance.now();\n"
    "const summary = await ingestFiles(store, files);\n"
    "await store.close();\n"
    'console.log(`ingested ${summary.alerts} alerts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);\n'
    "const fink = await connect(url);\n"
    'hbase ? `on HBase (${fink.store.description})` : "on an embedded store (HBASE_REST_URL not set)"',
    "md:## The same queries\nA light curve, a cone search and the latest alerts of a class.",
    'const lc = await fink.objects({ objectId: "ZTF25aaqvqvd", withUpperLim: true });\n'
    'lc.select(["i:jd", "i:fid", "i:magpsf", "i:sigmapsf", "d:tag"])',
    'const cone = await fink.conesearch({ ra: Number(lc.getChild("i:ra")!.get(0)), dec: Number(lc.getChild("i:dec")!.get(0)), radius: 3600 });\n'
    'cone.select(["i:objectId", "v:separation_degree"])',
    'const recent = await fink.latests({ class: "SN candidate", n: 20, columns: "i:objectId,i:ra,i:dec,i:jd" });\n'
    "recent",
    'new LightCurveWidget(lc, { title: "ZTF25aaqvqvd" })',
    'new SkyWidget(recent, { title: `latest ${recent.numRows} alerts of SN candidates` })',
    "md:On HBase each query is a few REST calls (a prefix scan for the light curve, one scan per "
    "HEALPix pixel for the cone); docs/hbase.md lists the requests per query.",
    "await fink.close();\n"
    "// The embedded store was temporary (SQLite may leave its rollback journal beside it)\n"
    "if (tmp) for (const f of [tmp, `${tmp}-journal`]) await Deno.remove(f).catch(() => {});\n"
    "\"closed\"",
])
