"""Write widgets/colormap_tables.ts: matplotlib's 256-entry colour tables, as Fink's PNG cutouts use them.

Fink's /api/v1/cutouts colours a stamp with `np.uint8(getattr(cm, colormap)(array) * 255)`:
matplotlib's look-up table of 256 colours, each channel truncated to a byte. This script stores
those bytes (RGB; alpha is always 255) for the maps finkit offers, so finkit's PNGs match Fink's
pixel for pixel.

    bash scripts/install_test_deps.sh   # .cache/venv, with matplotlib==3.11.2 (scripts/requirements.txt)
    .cache/venv/bin/python scripts/colormap_tables.py > widgets/colormap_tables.ts
    deno fmt widgets/colormap_tables.ts
"""

import matplotlib
import numpy as np
from matplotlib import cm

MAPS = ["gray", "Greys", "viridis", "magma", "coolwarm"]

print("/**")
print(" * matplotlib's colour tables (256 colours, channels truncated to bytes as Fink's")
print(" * `np.uint8(cmap(x) * 255)`), RGB as hex, written by `scripts/colormap_tables.py`")
print(f" * with matplotlib {matplotlib.__version__} (matplotlib's data, under its licence). Do not")
print(" * edit by hand.")
print(" *")
print(" * @module")
print(" */")
print()
print("/** Hex RGB of the 256 entries of each map, entry 0 first. */")
print("export const COLORMAP_TABLES: Readonly<Record<string, string>> = {")
for name in MAPS:
    lut = np.uint8(getattr(cm, name)(np.arange(256))[:, :3] * 255)
    print(f'  {name}: "{lut.tobytes().hex()}",')
print("};")
