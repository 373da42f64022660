"""Anchor for the PSPL benchmark (issue 15): scipy least_squares(method="lm") with an analytic
Jacobian fits ZTF18abktckv in magnitude space (t0, u0, tE, fs and fb per band; zero point 22)
from the start finkit's magnitude refinement receives (scripts/anchors/pspl_start.json).
Same residuals as finkit's magResidual: (22 - 2.5 log10(fs A + fb) - m) / sigma_m.
Prints warm timings (median, min, p90 of repeated calls) and the chi2 reached.
Run: scripts/anchors/run.sh (or .cache/anchors-venv/bin/python scripts/anchors/pspl_scipy.py)
"""

import json
import pathlib
import time

import numpy as np
import scipy
from scipy.optimize import least_squares

ROOT = pathlib.Path(__file__).resolve().parents[2]
K = 2.5 / np.log(10)
ZP = 22.0


def read_event():
    start = json.loads((ROOT / "scripts/anchors/pspl_start.json").read_text())
    t, m, e, b = [], [], [], []
    for k, band in enumerate(start["bands"]):
        path = ROOT / f"data/sample/fink-tutorials/galactic/Data/ZTF18abktckv_{band}.dat"
        d = np.loadtxt(path, comments="#", usecols=(0, 1, 2))
        t.append(d[:, 0]), m.append(d[:, 1]), e.append(d[:, 2]), b.append(np.full(len(d), k))
    return (np.concatenate(t), np.concatenate(m), np.concatenate(e), np.concatenate(b),
            np.array(start["q0"]), len(start["bands"]))


t, mag, err, band, q0, nb = read_event()
w = 1 / err
rows = np.arange(len(t))


def model(q):
    tau = (t - q[0]) / q[2]
    u2 = q[1] ** 2 + tau**2
    s = 1 / np.sqrt(u2 * (u2 + 4))
    a = (u2 + 2) * s
    fs, fb = q[3 + 2 * band], q[4 + 2 * band]
    return tau, u2, s, a, fs, fs * a + fb


def fun(q):
    _, _, _, _, _, fm = model(q)
    return w * (ZP - K * np.log(fm) - mag)


def jac(q):
    tau, u2, s, a, fs, fm = model(q)
    c = -w * K / fm
    g = -8 * c * fs * s**3  # (dA/du)/u times the chain factor
    J = np.zeros((len(t), 3 + 2 * nb))
    J[:, 0] = -g * tau / q[2]
    J[:, 1] = g * q[1]
    J[:, 2] = -g * tau**2 / q[2]
    J[rows, 3 + 2 * band] = c * a
    J[rows, 4 + 2 * band] = c
    return J


def timed(label, **tol):
    res = least_squares(fun, q0, jac=jac, method="lm", **tol)
    for _ in range(20):
        least_squares(fun, q0, jac=jac, method="lm", **tol)
    times = []
    for _ in range(200):
        t0 = time.perf_counter()
        least_squares(fun, q0, jac=jac, method="lm", **tol)
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1e3
    print(
        f"PSPL ZTF18abktckv mag-space LM from the same start, scipy {scipy.__version__} {label}: "
        f"median {np.median(ms):.2f} ms (min {ms.min():.2f}, p90 {np.percentile(ms, 90):.2f}); "
        f"nfev {res.nfev}, njev {res.njev}, chi2 {2 * res.cost:.6f}, status {res.status}"
    )


timed("ftol=xtol=gtol=1e-10 (finkit's)", ftol=1e-10, xtol=1e-10, gtol=1e-10)
timed("default tolerances (1e-8)")
