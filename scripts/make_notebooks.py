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
    "md:The fit drawn over the data (zoom on the peak by dragging in the live widget).",
    "new LightCurveWidget({ jd: t, mag, err, fid }, { models: [fit], title: \"ZTF18abktckv — PSPL fit\" })",
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
