/**
 * `/api/v1/cutouts` as Fink serves it: `array` (JSON 2-D arrays), `FITS`
 * (the stamp's FITS file as an attachment) or `PNG` (63×63, Fink's
 * normalisers, optional convolution and colour map; grayscale by default).
 *
 * PNG pipeline (fink-object-api `cutouts/utils.py`, `utils/plotting.py`):
 * NaN → 0; `sigmoid`: `1 / (1 + exp(-(x − mean) / std))`; other stretches:
 * cut levels `vmin = min + 0.2 · median(|x − median|)`, `vmax` = the central
 * pixel, clip to [0, 1], then astropy's stretch (`sqrt`, `power` with
 * exponent 2, `log` with a = 1000, `asinh` with a = 10); `pmin`/`pmax` are
 * read but, as in Fink's code, the cut levels above take precedence; then
 * the optional 5×5 `gauss` (σ = 1) or `box` kernel with extended borders;
 * then `uint8(value × 255)`. Row 0 of the array is the PNG's top row.
 *
 * @module
 */
import type { FinkClient } from "../query/mod.ts";
import { colormapEntry, colormapIndex, encodePNG } from "../widgets/mod.ts";
import { type Args, badValue, HttpError } from "./args.ts";
import { errorBody } from "./python.ts";

const KINDS = ["Science", "Template", "Difference", "All"];
const STRETCHES = ["sigmoid", "linear", "sqrt", "power", "log", "asinh", "arcsinh"];
/** Colour maps the PNG output knows (matplotlib names, and its tables; `_r` reverses). */
const COLORMAPS: Record<string, string> = {
  gray: "gray",
  grey: "gray",
  Greys: "Greys",
  viridis: "viridis",
  magma: "magma",
  coolwarm: "coolwarm",
};

function median(sorted: Float64Array): number {
  const n = sorted.length, h = n >> 1;
  return n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** Fink's normaliser of one stamp into [0, 1]. */
export function normalise(img: Float64Array, size: number, stretch: string): Float64Array {
  const out = new Float64Array(img.length);
  if (stretch === "sigmoid") {
    let mean = 0;
    for (const v of img) mean += v;
    mean /= img.length;
    let sd = 0;
    for (const v of img) sd += (v - mean) ** 2;
    sd = Math.sqrt(sd / img.length);
    for (let i = 0; i < img.length; i++) out[i] = 1 / (1 + Math.exp(-(img[i] - mean) / sd));
    return out;
  }
  const sorted = Float64Array.from(img).sort();
  const med = median(sorted);
  const mad = median(Float64Array.from(img, (v) => Math.abs(v - med)).sort());
  const vmin = sorted[0] + 0.2 * mad;
  const c = Math.floor(size / 2);
  const vmax = img[c * size + c];
  for (let i = 0; i < img.length; i++) {
    let x = (img[i] - vmin) / (vmax - vmin);
    x = Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
    switch (stretch) {
      case "sqrt":
        x = Math.sqrt(x);
        break;
      case "power":
        x = x * x;
        break;
      case "log":
        x = Math.log(1000 * x + 1) / Math.log(1001);
        break;
      case "asinh":
      case "arcsinh":
        x = Math.asinh(x / 10) / Math.asinh(1 / 10);
        break;
    }
    out[i] = Math.min(1, Math.max(0, x));
  }
  return out;
}

/** 5×5 kernels: astropy's Gaussian2DKernel(1) and Box2DKernel(1), normalised. */
function kernel(kind: string): Float64Array {
  const k1 = kind === "gauss"
    ? [-2, -1, 0, 1, 2].map((x) => Math.exp(-x * x / 2))
    : [0, 0.5, 1, 0.5, 0];
  const k = new Float64Array(25);
  let sum = 0;
  for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) sum += k[y * 5 + x] = k1[y] * k1[x];
  return k.map((v) => v / sum);
}

/** Convolve with extended borders (astropy `boundary="extend"`). */
export function convolve(img: Float64Array, size: number, kind: string): Float64Array {
  const k = kernel(kind);
  const out = new Float64Array(img.length);
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let dy = -2; dy <= 2; dy++) {
        const row = clamp(y + dy) * size;
        for (let dx = -2; dx <= 2; dx++) s += k[(dy + 2) * 5 + dx + 2] * img[row + clamp(x + dx)];
      }
      out[y * size + x] = s;
    }
  }
  return out;
}

/** The PNG of one stamp (2-D array, row 0 on top). */
export function stampPNG(
  rows: number[][],
  options: { stretch?: string; colormap?: string; kernel?: string } = {},
): Uint8Array {
  const size = rows.length;
  const img = new Float64Array(size * size);
  rows.forEach((r, y) => r.forEach((v, x) => img[y * size + x] = Number.isFinite(v) ? v : 0));
  let norm = normalise(img, size, options.stretch ?? "sigmoid");
  if (options.kernel) norm = convolve(norm, size, options.kernel);
  // Without a colour map, Fink's PNG is Pillow's image of the 2-D uint8 array: grayscale.
  if (!options.colormap) {
    return encodePNG(Uint8Array.from(norm, (t) => Math.trunc(t * 255)), size, size, 1);
  }
  // `np.uint8(cmap(norm) * 255)`: matplotlib's table entry ⌊256 t⌋; a `_r` map reads it backwards.
  const table = COLORMAPS[options.colormap.replace(/_r$/, "")];
  const reversed = options.colormap.endsWith("_r");
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < norm.length; i++) {
    const index = colormapIndex(norm[i]);
    rgba.set(colormapEntry(table, reversed ? 255 - index : index), 4 * i);
    rgba[4 * i + 3] = 255;
  }
  return encodePNG(rgba, size, size);
}

function attachment(body: Uint8Array, type: string, filename: string): Response {
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": type,
      // Only safe characters: a header value with a control or non-ASCII character is invalid.
      "content-disposition": `attachment; filename=${filename.replace(/[^A-Za-z0-9._-]/g, "_")}`,
    },
  });
}

/** The `/api/v1/cutouts` answer. */
export async function cutoutResponse(
  client: FinkClient,
  a: Args,
): Promise<{ json: string } | { response: Response }> {
  const kind = a.str("kind")!;
  if (!KINDS.includes(kind)) throw badValue("kind", kind, KINDS.join(", "));
  const format = a.str("output-format") ?? "PNG";
  if (kind === "All" && format !== "array") {
    throw new HttpError(
      400,
      errorBody("The option `kind=All` is only compatible with `output-format=array`.\n"),
    );
  }
  if (!["PNG", "FITS", "array"].includes(format)) {
    throw new HttpError(400, errorBody("output-format must be one of: PNG, FITS, or array.\n"));
  }
  const stretch = a.str("stretch") ?? "sigmoid";
  if (!STRETCHES.includes(stretch)) throw badValue("stretch", stretch, STRETCHES.join(", "));
  const colormap = a.str("colormap");
  if (colormap !== undefined && !COLORMAPS[colormap.replace(/_r$/, "")]) {
    throw badValue("colormap", colormap, Object.keys(COLORMAPS).join(", ") + " (or `_r`)");
  }
  const kern = a.str("convolution_kernel");
  if (kern !== undefined && kern !== "gauss" && kern !== "box") {
    throw badValue("convolution_kernel", kern, "gauss or box");
  }
  a.num("pmin"), a.num("pmax"); // validated; Fink's cut levels take precedence
  const objectId = a.str("objectId")!;
  const candid = a.str("candid");
  const filename = `${objectId}_${kind}`;
  const got = await client.cutouts({
    objectId,
    kind: kind as "Science",
    candid,
    format: format === "FITS" ? "FITS" : "array",
  });
  if (format === "FITS") {
    return {
      response: attachment(got as Uint8Array, "application/octet-stream", filename + ".fits"),
    };
  }
  const arrays = got as Record<string, number[][]>;
  if (format === "array") return { json: JSON.stringify(arrays) };
  const stamp = arrays[`b:cutout${kind}_stampData`];
  const png = stamp ? stampPNG(stamp, { stretch, colormap, kernel: kern }) : new Uint8Array();
  return { response: attachment(png, "image/png", filename + ".png") };
}
