"""Fink's clients against a finkit server, the way Fink's tutorials and API tests call Fink.

Usage: python fink_client.py http://127.0.0.1:PORT
Each check prints `ok <name>`; the first failure raises (non-zero exit).
"""
import io
import sys

import pandas as pd
import requests
from astropy.io import fits
from astropy.table import Table

APIURL = sys.argv[1]


def objects(**kw):
    r = requests.post(f"{APIURL}/api/v1/objects", json={"objectId": "ZTF25abxvhmk", **kw})
    assert r.status_code == 200, r.text
    return r


pdf = pd.read_json(io.BytesIO(objects(**{"output-format": "json"}).content))
assert len(pdf) > 0 and "i:magpsf" in pdf.columns
assert pdf["i:fid"].dtype == "int64" and pdf["i:magpsf"].dtype == "float64"
assert (pdf["i:fid"] > 0).all() and (pdf["i:magpsf"] > 6).all()
assert pdf["i:candid"].dtype == "int64"
print("ok objects json", len(pdf), len(pdf.columns))

two = pd.read_json(io.BytesIO(objects(columns="i:jd,i:magpsf").content))
assert list(two.columns) == ["i:jd", "i:magpsf"], two.columns
print("ok objects columns")

for fmt, reader in [("csv", pd.read_csv), ("parquet", pd.read_parquet)]:
    other = reader(io.BytesIO(objects(**{"output-format": fmt}).content))
    assert other.shape == pdf.shape, (fmt, other.shape, pdf.shape)
    assert (other["i:candid"].values == pdf["i:candid"].values).all(), fmt
    print("ok objects", fmt)

vot = Table.read(io.BytesIO(objects(**{"output-format": "votable"}).content), format="votable")
assert len(vot) == len(pdf) and "i_candid" in vot.colnames
assert list(vot["i_candid"]) == list(pdf["i:candid"])
print("ok objects votable")

lims = pd.read_json(io.BytesIO(objects(withupperlim=True).content))
assert set(lims["d:tag"]) >= {"valid"} and len(lims) >= len(pdf)
print("ok objects withupperlim", sorted(set(lims["d:tag"])))

many = requests.post(
    f"{APIURL}/api/v1/objects", json={"objectId": "ZTF25abxvhmk,ZTF20abfcszi", "columns": "i:objectId"}
)
single = [
    len(requests.post(f"{APIURL}/api/v1/objects", json={"objectId": o, "columns": "i:objectId"}).json())
    for o in ["ZTF25abxvhmk", "ZTF20abfcszi"]
]
assert len(many.json()) == sum(single)
print("ok objects list")

cone = {"ra": "01h46m55.4s", "dec": "-15d22m16s", "radius": 30}
r = requests.post(f"{APIURL}/api/v1/conesearch", json=cone)
c = pd.read_json(io.BytesIO(r.content))
assert len(c) >= 1 and (c["v:separation_degree"] * 3600 <= 30).all()
for ra, dec in [("26.7308", "-15.3711"), ("01 46 55.4", "-15 22 16"), ("01:46:55.4", "-15:22:16")]:
    r2 = requests.post(f"{APIURL}/api/v1/conesearch", json={"ra": ra, "dec": dec, "radius": 30})
    assert list(pd.read_json(io.BytesIO(r2.content))["i:objectId"]) == list(c["i:objectId"])
bad = requests.post(f"{APIURL}/api/v1/conesearch", json={**cone, "radius": 36000})
assert bad.status_code == 400
assert bad.text == str(
    {"status": "error", "text": "`radius` cannot be bigger than 18,000 arcseconds (5 degrees).\n"}
)
print("ok conesearch")

g = requests.get(f"{APIURL}/api/v1/latests?class=SN candidate&n=5&output-format=json")
p = requests.post(f"{APIURL}/api/v1/latests", json={"class": "SN candidate", "n": 5})
assert g.status_code == 200 and g.json() == p.json() and len(p.json()) == 5
assert all(x["v:classification"] == "SN candidate" for x in p.json())
print("ok latests")

r = requests.post(
    f"{APIURL}/api/v1/cutouts",
    json={"objectId": "ZTF20abfcszi", "kind": "Science", "output-format": "FITS"},
)
hdul = fits.open(io.BytesIO(r.content))
assert hdul[0].data.shape == (63, 63)
arr = requests.post(
    f"{APIURL}/api/v1/cutouts",
    json={"objectId": "ZTF20abfcszi", "kind": "Science", "output-format": "array"},
).json()["b:cutoutScience_stampData"]
assert len(arr) == 63 and len(arr[0]) == 63
print("ok cutouts")

r = requests.post(f"{APIURL}/api/v1/sso", json={"n_or_d": "8467", "withEphem": True})
s = pd.read_json(io.BytesIO(r.content))
assert len(s) > 0 and "Phase" in s.columns and set(s["i:ssnamenr"].astype(str)) >= {"8467"}
print("ok sso")

st = pd.read_json(io.BytesIO(requests.post(f"{APIURL}/api/v1/statistics", json={"date": "2020"}).content))
assert len(st) > 0 and "basic:sci" in st.columns
print("ok statistics")
