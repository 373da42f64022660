"""Fink's published notebooks and API documentation, restated for finkit's sample store.

Astronomers copy their REST calls from Fink's tutorials (astrolabsoftware/fink-tutorials:
extragalactic, galactic, MMA, sso, fink_stats, photometry notebooks; fink-usecases' GRB notebook)
and from the API documentation the portal served (fink-science-portal apps/api/doc.py, last
version). Each check below makes one of those calls the way the notebook does -- `requests.post`
with a JSON body, `pd.read_json(io.BytesIO(r.content))` and friends -- and then runs the
notebook's own processing of the answer (column names, dtypes, groupby, numpy on cutouts, astropy
on FITS and VOTable, time arithmetic), with objects, classes and dates of the sample instead of
Fink's. A check fails if a call is refused or if that processing raises.

Left out, each for a reason README gives: routes Fink itself no longer serves (`explorer`,
`bayestar`, `random`), TNS and SIMBAD name resolution (external services), and the Miriade-only ephemeris
columns of `sso?withEphem` (`Date`, `VMag`, `SDSS:g`); finkit's history rows have no cutouts, so
the cutout-by-candid check takes an alert row's candid.

Usage: python fink_tutorials.py http://127.0.0.1:PORT BAYESTAR.fits.gz
Prints `ok <check>` or `FAIL ...`; the exit code is the number of failures.
"""
import io
import json
import sys
import traceback

import numpy as np
import pandas as pd
import requests
from astropy.coordinates import SkyCoord
from astropy.io import fits, votable
from astropy.table import Table
from astropy.time import Time
from PIL import Image

API = sys.argv[1]
BAYESTAR = sys.argv[2]
# Valid detections, upper limits and bad-quality points, in g and r (the tutorials' colour maps
# know bands 1 and 2 only).
OID = "ZTF18abmasep"
LIST = ["ZTF18abmasep", "ZTF25aauurnj", "ZTF18abmmrzp"]
COLOUR = "ZTF25abuovxv"  # g and r close enough in time for a colour, upper limits, bad points
STAMPS = [f"b:cutout{k}_stampData" for k in ("Science", "Template", "Difference")]
CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def post(route, **payload):
    r = requests.post(f"{API}/api/v1/{route}", json=payload, timeout=120)
    shown = {k: (v if len(str(v)) < 200 else f"<{len(str(v))} characters>") for k, v in payload.items()}
    assert r.status_code == 200, (route, shown, r.status_code, r.text[:300])
    return r


def read(route, **payload):
    return pd.read_json(io.BytesIO(post(route, **payload).content))


def photometry(pdf):
    """The tutorials' plot_photometry data preparation: per band, valid / upper / bad points."""
    colours = {1: "#15284F", 2: "#F5622E"}
    for band in np.unique(pdf["i:fid"]):
        in_band = pdf["i:fid"] == band
        for tag, mag in [("valid", "i:magpsf"), ("upperlim", "i:diffmaglim"), ("badquality", "i:magpsf")]:
            sel = pdf[in_band & (pdf["d:tag"] == tag)]
            mjd = sel["i:jd"].apply(lambda x: x - 2400000.5)
            assert mjd.dtype.kind == "f" and sel[mag].dtype.kind == "f", (tag, sel[mag].dtype)
        colours[band]
    return pdf


# objects ---------------------------------------------------------------------
@check
def objects_json_csv_votable():
    pdf = read("objects", objectId=OID, **{"output-format": "json"})
    assert (pdf["i:objectId"] == OID).all() and pdf["i:jd"].dtype.kind == "f"
    csv = pd.read_csv(io.BytesIO(post("objects", objectId=OID, **{"output-format": "csv"}).content))
    assert len(csv) == len(pdf)
    vot = post("objects", objectId=OID, **{"output-format": "votable"}).content
    assert len(votable.parse(io.BytesIO(vot)).get_first_table().to_table()) == len(pdf)


@check
def objects_list_and_columns():
    pdf = read("objects", objectId=",".join(LIST), **{"output-format": "json"})
    assert set(pdf["i:objectId"]) == set(LIST)
    pdf = read("objects", objectId=OID, columns="i:jd,i:magpsf")
    assert sorted(pdf.columns) == ["i:jd", "i:magpsf"]


@check
def objects_upper_limits_photometry():
    for flag in ["True", True]:
        pdf = photometry(read("objects", objectId=OID, withupperlim=flag))
        assert set(pdf["d:tag"]) == {"valid", "upperlim", "badquality"}


@check
def objects_upper_limits_colour_window():
    # extragalactic.ipynb: extra keys (startdate) are ignored; the colour's points, half-day grid
    pdf = read("objects", objectId=COLOUR, withupperlim="True", startdate="2021-03-01", **{"output-format": "json"})
    sel = photometry(pdf)[~pdf["v:g-r"].isna()]
    assert len(np.arange(sel["i:jd"].min(), sel["i:jd"].max(), 0.5)) > 0


@check
def objects_grb_columns_by_name():
    # Fink_grb.ipynb: full rows of a list, then the columns it needs, by name
    pdf = read("objects", objectId=",".join(LIST), withupperlim=True, withcutouts=False, **{"output-format": "json"})
    pdf[["i:objectId", "i:jd", "i:jdstarthist", "i:fid", "i:magpsf", "i:sigmapsf", "i:magnr", "i:sigmagnr",
         "i:magzpsci", "i:isdiffpos", "i:diffmaglim", "v:classification", "d:tag"]]


@check
def objects_with_cutouts_arrays():
    pdf = read("objects", objectId=OID, withcutouts="True")
    for col in STAMPS:
        data = np.array(pdf[col].values[0], dtype=float)
        data[np.isnan(data)] = 0.0
        assert np.arcsinh(data).shape == (63, 63), col
    pdf = read("objects", objectId=OID, withcutouts=True, **{"cutout-kind": "Science"})
    assert np.array(pdf[STAMPS[0]].to_numpy()[0]).shape == (63, 63) and STAMPS[1] not in pdf.columns


@check
def objects_lc_features_json():
    # anomaly notebook: light-curve features decoded with json.loads on every row
    oids = [row["i:objectId"] for row in post("anomaly", n=10, columns="i:objectId").json()]
    assert oids
    cols = "i:objectId,i:magpsf,i:sigmapsf,d:anomaly_score,d:cdsxmatch,d:lc_features_g,d:lc_features_r"
    pdf = read("objects", objectId=",".join(oids), columns=cols, **{"output-format": "json"})
    for col in ["d:lc_features_g", "d:lc_features_r"]:
        assert all(isinstance(v, list) for v in pdf[col].apply(json.loads)), col
    pdf = read("objects", objectId=OID)  # history rows included
    assert all(isinstance(json.loads(v), list) for v in pdf["d:lc_features_g"])


# cutouts ---------------------------------------------------------------------
@check
def cutouts_png_stretches():
    for payload in [
        {"kind": "Science"},
        {"kind": "Template", "stretch": "sqrt"},
        {"kind": "Science", "stretch": "sigmoid", "colormap": "viridis", "pmin": 0.5, "pmax": 99.5,
         "convolution_kernel": "gauss"},
    ]:
        r = post("cutouts", objectId=OID, **payload)
        assert r.headers["content-type"] == "image/png"
        Image.open(io.BytesIO(r.content)).resize((400, 400))


@check
def cutouts_by_candid():
    # The tutorial takes the oldest row's candid; here the oldest alert's (history rows: none)
    pdf = read("objects", objectId=OID, columns="i:candid,i:jd,a:origin")
    assert pdf["i:candid"].dtype.kind == "i"
    first_alert = pdf[pdf["a:origin"] == "alert"]["i:candid"].values[-1]
    r = post("cutouts", objectId=OID, kind="Science", candid=str(first_alert))
    Image.open(io.BytesIO(r.content)).resize((300, 300))


@check
def cutouts_fits_and_arrays():
    r = post("cutouts", objectId=OID, kind="Science", **{"output-format": "FITS"})
    hdul = fits.open(io.BytesIO(r.content), ignore_missing_simple=True)
    assert hdul[0].data.shape == (63, 63)
    j = post("cutouts", objectId=OID, kind="All", **{"output-format": "array"}).json()
    assert all(np.array(j[col], dtype=float).ndim == 2 for col in STAMPS)
    j = post("cutouts", objectId=OID, kind="Science", **{"output-format": "array"}).json()
    assert np.array(j[STAMPS[0]], dtype=float).shape == (63, 63)


# conesearch ------------------------------------------------------------------
_pos = read("objects", objectId=OID, columns="i:ra,i:dec,i:jd,i:jdstarthist")
RA, DEC = float(_pos["i:ra"].iloc[0]), float(_pos["i:dec"].iloc[0])
# Fink's cone dates select on the first detection (the pixel index's jdstarthist)
FIRST = Time(float(_pos["i:jdstarthist"].iloc[0]) - 0.5, format="jd").iso[:19]
LAST_JD = float(_pos["i:jd"].max())


@check
def conesearch_strings_and_window():
    pdf = read("conesearch", ra=str(RA), dec=str(DEC), radius="10")
    assert OID in pdf["i:objectId"].to_numpy()
    assert len(read("conesearch", ra=RA, dec=DEC, radius=5, startdate=FIRST, window=7)) > 0


@check
def conesearch_area_time_cut_then_cutouts():
    # MMA.ipynb: a 1° cone, alerts within ±2 days of a time, then the first one's cutouts
    area = read("conesearch", ra=RA, dec=DEC, radius=3600)
    t0 = Time(LAST_JD, format="jd").iso
    near = (area["i:jd"] < Time(t0, format="iso").jd + 2) & (area["i:jd"] >= Time(t0, format="iso").jd - 2)
    oid = area[near]["i:objectId"].to_numpy()[0]
    pdf = read("objects", objectId=oid, withcutouts="True")
    for col in STAMPS:
        np.asarray(pdf[col].values[0], dtype=float)
    Image.open(io.BytesIO(post("cutouts", objectId=oid, kind="Science").content))


@check
def xmatch_catalogue():
    catalog = f"ID,Time,RA,Dec,otherproperty\nA1,{FIRST},{RA},{DEC},toto\nB2,2021-04-30 10:42:10,57.185,45.080,toto\n"
    pdf = read("xmatch", catalog=catalog, header="RA,Dec,ID,Time", radius=1.5, window=7)
    assert len(pdf) > 0 and "v:separation_degree" in pdf.columns
    read("xmatch", catalog=catalog, header="RA,Dec,ID", radius=1.5, window=7)


# latests ---------------------------------------------------------------------
WIDE = {"startdate": "2019-01-01", "stopdate": "2026-12-31"}


@check
def latests_scores_by_night():
    # tuning_snia: n as a string, scores as floats, counts per night
    pdf = read("latests", **{"class": "SN candidate", "n": "3000"}, **WIDE)
    cols = ["d:rf_snia_vs_nonia", "d:snn_sn_vs_all", "d:snn_snia_vs_nonia", "d:cdsxmatch", "i:rb",
            "i:classtar", "i:nid", "i:objectId"]
    assert len(pdf[cols].groupby("i:nid").count()["i:objectId"].to_numpy()) > 0
    assert all(pdf[k].dtype.kind == "f" for k in cols[:3])
    pdf[pdf["d:rf_snia_vs_nonia"] > 0.9]


@check
def latests_colour():
    pdf = read("latests", **{"class": "SN candidate", "n": "200", "color": "True"}, **WIDE)
    c = pdf[~pdf["v:g-r"].isna()]
    assert len(c) > 0
    c[c["v:g-r"] > -10][["i:objectId", "v:g-r", "v:lastdate", "v:rate(g-r)"]]
    hp = c[(c["d:snn_sn_vs_all"] >= 0.0) | (c["d:snn_snia_vs_nonia"] >= 0.0)]
    hp.sort_values(by=["i:ndethist"])["i:objectId"].iloc[-1]


@check
def latests_csv_columns_star():
    assert len(pd.read_csv(io.BytesIO(post("latests", **{"class": "SN candidate", "n": "5", "output-format": "csv"}).content))) == 5
    full = read("latests", **{"class": "SN candidate", "n": "10000", "columns": "*"}, **WIDE)
    some = read("latests", **{"class": "SN candidate", "n": "10000", "columns": "i:magpsf,i:jd,i:ra,i:dec"}, **WIDE)
    # "*" is every column of the class index (Fink's index tables hold a subset of the alert's)
    default = read("latests", **{"class": "SN candidate", "n": "10000"}, **WIDE)
    assert list(full.columns) == list(default.columns) and len(full) == len(some) > 0
    assert sorted(some.columns) == ["i:dec", "i:jd", "i:magpsf", "i:ra"]


@check
def latests_then_objects():
    # fink_stats / extragalactic: a class's latest alert, then its whole light curve
    for cls, start, stop in [("Early SN Ia candidate", "2021-04-01", "2021-12-13"), ("(TNS) SN Ia", "2019-03-01", "2026-12-05")]:
        pdf = read("latests", **{"class": cls, "n": "100", "startdate": start, "stopdate": stop})
        oid = pdf.sort_values("i:ndethist")["i:objectId"].to_numpy()[0]
        lc = photometry(read("objects", objectId=oid, withupperlim="True"))
        lc["v:classification"][lc["d:tag"] == "valid"].to_numpy()


@check
def latests_simbad_class_galactic():
    # galactic.ipynb: RR Lyrae on the sky in Galactic coordinates, then one light curve
    pdf = read("latests", **{"class": "(SIMBAD) RRLyr", "n": "100"})
    pdf.groupby("d:cdsxmatch").count()
    SkyCoord(pdf["i:ra"], pdf["i:dec"], unit="deg").galactic.l.wrap_at("180d").radian
    lc = read("objects", objectId=pdf["i:objectId"].iloc[0], withupperlim="True")
    photometry(lc.sort_values("i:jd").reset_index(drop=True))


@check
def latests_kilonova_histograms():
    pdf = read("latests", **{"class": "Kilonova candidate", "n": "20", "color": "True"}, **WIDE)
    for k in ["d:rf_kn_vs_nonkn", "d:snn_sn_vs_all", "d:snn_snia_vs_nonia", "d:rf_snia_vs_nonia"]:
        if k in pdf.columns:
            np.histogram(pdf[k], bins=np.arange(0, 1, 0.05))


# Solar System ----------------------------------------------------------------
@check
def sso_formats_and_names():
    r = post("sso", n_or_d="8467", **{"output-format": "json"})
    assert len(Table(r.json())) == len(pd.read_json(io.BytesIO(r.content))) > 0
    pd.read_csv(io.BytesIO(post("sso", n_or_d="8467", **{"output-format": "csv"}).content))
    df = read("sso", n_or_d=8467, **{"output-format": "json"})
    np.radians(df["i:ra"])
    assert len(read("sso", n_or_d="Benoitcarry")) == len(df)
    # Fink adds the asteroid's designation and names to the columns asked
    some = read("sso", n_or_d="8467", columns="i:jd,i:magpsf")
    assert {"i:jd", "i:magpsf"} <= set(some.columns) and len(some) == len(df)


@check
def sso_ephemerides_reduced_magnitude():
    # sso notebooks: reduced magnitude per band from the distances, phase in radians
    pdf = read("sso", n_or_d="8467", withEphem=True, **{"output-format": "json"})
    for band in pdf["i:fid"].unique():
        cond = pdf["i:fid"] == band
        red = pdf.loc[cond, "i:magpsf"] - 5 * np.log10(pdf.loc[cond, "Dobs"] * pdf.loc[cond, "Dhelio"])
        assert np.isfinite(red).all()
    np.deg2rad(pdf["Phase"].to_numpy())
    assert np.isfinite(pdf["i:magpsf_red"].to_numpy()).all()
    (pdf["i:ra"] - pdf["RA"]) * np.cos(np.radians(pdf["i:dec"])) * 3600


@check
def sso_cutouts():
    alerts = post("sso", n_or_d="8467", withcutouts=True, **{"output-format": "json"}).json()
    assert np.array(alerts[0][STAMPS[0]]).ndim == 2 and alerts[0]["i:jd"] > 0
    alerts = post("sso", n_or_d="8467", withcutouts=True, **{"cutout-kind": "Template", "output-format": "json"}).json()
    assert np.array(alerts[0][STAMPS[1]]).ndim == 2


@check
def resolver_ssodnet():
    # forward (names as strings, as the tutorial joins them), reverse, inexact
    pdf = read("resolver", resolver="ssodnet", name="8467")
    sso = read("sso", n_or_d=",".join(pdf["i:ssnamenr"].astype(str).to_numpy()), columns="i:objectId,i:ssnamenr")
    assert len(sso) > 0
    reverse = post("resolver", resolver="ssodnet", reverse=True, name=sso["i:objectId"].iloc[0]).json()
    name = reverse[0]["i:ssnamenr"]
    assert len(read("resolver", resolver="ssodnet", name=name, nmax=1)) == 1
    assert len(post("resolver", resolver="ssodnet", name="84").json()) > 0


@check
def ssoft_table():
    ssoft = pd.read_parquet(io.BytesIO(post("ssoft", **{"output-format": "parquet"}).content))
    cond = ssoft.index == ssoft.index
    for f in [1, 2]:
        cond = cond & (0.01 < ssoft[f"G1_{f}"]) & (0.01 < ssoft[f"G2_{f}"]) & (1 - ssoft[f"G1_{f}"] - ssoft[f"G2_{f}"] > 0.01)
    f"{cond.sum():,d}", ssoft["H_1"] - ssoft["H_2"]
    one = pd.read_parquet(io.BytesIO(post("ssoft", sso_number=33803, **{"output-format": "parquet"}).content))
    assert len(one) == 1
    pd.read_parquet(io.BytesIO(post("ssoft", flavor="HG", **{"output-format": "parquet"}).content))
    pd.read_parquet(io.BytesIO(post("ssoft", version="2023.07", **{"output-format": "parquet"}).content))
    read("ssoft", sso_name="Benoitcarry", **{"output-format": "json"})
    assert isinstance(post("ssoft", schema=True).json(), dict)


@check
def ssocand_orbits_and_light_curves():
    orbits = read("ssocand", kind="orbParams", **{"output-format": "json"})
    read("ssocand", kind="lightcurves", start_date="2019-11-01", maxnumber=100, **{"output-format": "json"})
    read("ssocand", kind="lightcurves", ssoCandId=orbits["d:ssoCandId"].iloc[0], **{"output-format": "json"})


@check
def tracklets():
    read("tracklet", date="2021-08-10", **{"output-format": "json"})
    post("tracklet", id="2021-10-22 09:19:49", **{"output-format": "json"})


# statistics, sky maps, anomalies, schema -------------------------------------
@check
def statistics_nights():
    pdf = read("statistics", date="", **{"output-format": "json"})
    dates = [Time(x[4:8] + "-" + x[8:10] + "-" + x[10:12]).datetime for x in pdf["key:key"].to_numpy()]
    assert len(dates) == len(pdf) > 0
    np.sum(pdf[["basic:sci"]].fillna(0).astype(int).to_numpy())
    for col in [c for c in pdf.columns if c.startswith("class:")][:5]:
        np.cumsum(pdf[[col]].fillna(0).astype(int).to_numpy())
    year = read("statistics", date="2021", **{"output-format": "json"})
    year[["basic:raw", "basic:sci"]].sum()
    assert len(list(read("statistics", date="", schema=True)["schema"])) > 0
    assert len(read("statistics", date="20211122", columns="")) == 1


@check
def skymap_bayestar_bytes_and_event():
    with open(BAYESTAR, "rb") as f:
        data = f.read()
    # the sample's alerts are years from the event: a wide window and region to find some
    pdf = read("skymap", bayestar=str(data), credible_level=0.99, n_day_before=1, n_day_after=3000,
               **{"output-format": "json"})
    assert len(pdf) > 0
    pdf.groupby("d:classification").size(), pdf["i:ra"].to_numpy()[0]
    read("skymap", event_name="S200219ac", credible_level=0.2, **{"output-format": "json"})


@check
def anomaly_by_crossmatch():
    pdf = read("anomaly", n=10000, stop_date="2026-05-22", columns="i:objectId,d:cdsxmatch,i:magpsf")
    assert len(pdf) > 0
    pdf.groupby("d:cdsxmatch").agg({"i:objectId": "count"}).sort_values("i:objectId", ascending=False)


@check
def schema_classes_metadata_and_get():
    schema = requests.get(f"{API}/api/v1/schema", timeout=60).json()
    assert sum(1 for k in schema for _, field in schema[k].items() if field["type"]) > 100
    assert "Fink classifiers" in requests.get(f"{API}/api/v1/classes", timeout=60).json()
    for url in [f"metadata?objectId={OID}", "metadata?internal_name_encoded=foo"]:
        assert requests.get(f"{API}/api/v1/{url}", timeout=60).status_code == 200
    # the documentation's GET forms (wget / curl)
    r = requests.get(f"{API}/api/v1/objects?objectId={OID}&output-format=json", timeout=60)
    pd.read_json(io.BytesIO(r.content))
    r = requests.get(f"{API}/api/v1/latests?class=SN%20candidate&n=5&output-format=csv", timeout=60)
    assert len(pd.read_csv(io.BytesIO(r.content))) == 5
    r = requests.get(f"{API}/api/v1/cutouts?objectId={OID}&kind=Science", timeout=60)
    Image.open(io.BytesIO(r.content))


failures = 0
for fn in CHECKS:
    try:
        fn()
        print(f"ok {fn.__name__}")
    except Exception:  # noqa: BLE001 -- report every failing check
        failures += 1
        print(f"FAIL {fn.__name__}\n{traceback.format_exc()}")
print(f"{len(CHECKS) - failures} passed, {failures} failed")
sys.exit(failures)
