/**
 * The parameters of the routes that take or give images: cutouts and GW
 * sky maps.
 *
 * @module
 */
import { JSON_FORMAT, type Param } from "./param_types.ts";

/** `/api/v1/skymap`. */
export const SKYMAP_PARAMS: readonly Param[] = [
  {
    name: "bayestar",
    type: "string",
    description: "LIGO/Virgo/KAGRA sky map (bayestar.fits.gz) as Python's str() of its " +
      "bytes, as Fink's clients send it; or upload it as multipart field `file`.",
  },
  {
    name: "file",
    type: "file",
    description: "The sky map file (gzipped FITS), as a multipart upload.",
  },
  {
    name: "event_name",
    type: "string",
    description: "Event name (finkit offline: the bundled S200219ac). Not with `bayestar`.",
    example: "S200219ac",
  },
  {
    name: "credible_level",
    type: "number",
    required: true,
    description: "GW credible region threshold, from 0 to 1.",
    minimum: 0,
    maximum: 1,
    example: 0.1,
  },
  {
    name: "n_day_before",
    type: "number",
    description: "Number of days to search before the event. Default is 1.",
    minimum: 0,
    example: 1,
  },
  {
    name: "n_day_after",
    type: "number",
    description: "Number of days to search after the event. Default is 6.",
    minimum: 0,
    example: 6,
  },
  JSON_FORMAT,
];

/** `/api/v1/cutouts`. */
export const CUTOUTS_PARAMS: readonly Param[] = [
  {
    name: "objectId",
    type: "string",
    required: true,
    description: "ZTF object ID.",
    example: "ZTF25abxvhmk",
  },
  {
    name: "kind",
    type: "string",
    required: true,
    description: "Science, Template, or Difference. With output-format=array, also All.",
    example: "Science",
    enum: ["Science", "Template", "Difference", "All"],
  },
  {
    name: "output-format",
    type: "string",
    description: "PNG[default], FITS, array.",
    example: "PNG",
    enum: ["PNG", "FITS", "array"],
  },
  {
    name: "candid",
    type: "string",
    description: "Candidate ID of the alert; default the latest alert of the object.",
  },
  {
    name: "stretch",
    type: "string",
    description: "Stretch: sigmoid[default], linear, sqrt, power, log, asinh.",
    example: "sigmoid",
    enum: ["sigmoid", "linear", "sqrt", "power", "log", "asinh", "arcsinh"],
  },
  {
    name: "colormap",
    type: "string",
    description: "Colormap name (matplotlib's). Default is grayscale.",
    example: "viridis",
  },
  {
    name: "pmin",
    type: "number",
    description: "Percentile of the minimum cut level. Default 0.5. No effect for sigmoid.",
    example: 0.5,
  },
  {
    name: "pmax",
    type: "number",
    description: "Percentile of the maximum cut level. Default 99.5. No effect for sigmoid.",
    example: 99.5,
  },
  {
    name: "convolution_kernel",
    type: "string",
    description: "Convolve the image with a kernel (gauss or box). Default none.",
    enum: ["gauss", "box"],
  },
];
