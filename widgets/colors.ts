/**
 * Colours shared by the widgets: ZTF bands as on the Fink Science Portal, classes for sky maps.
 *
 * @module
 */

/**
 * Band colours by ZTF filter id: g (1) `#15284F` and r (2) `#F5622E` as the Fink portal;
 * i (3) `#8F5FA8` (a violet chosen for finkit, distinct from both in colour-blind simulations).
 *
 * @example
 * ```ts
 * import { BAND_COLORS } from "./colors.ts";
 * console.assert(BAND_COLORS[1] === "#15284F");
 * ```
 */
export const BAND_COLORS: Readonly<Record<number, string>> = {
  1: "#15284F",
  2: "#F5622E",
  3: "#8F5FA8",
};

/** Band names by filter id. */
export const BAND_NAMES: Readonly<Record<number, string>> = { 1: "g", 2: "r", 3: "i" };

/**
 * Colour of a filter id (grey for unknown ids).
 *
 * @example
 * ```ts
 * import { bandColor } from "./colors.ts";
 * console.assert(bandColor(2) === "#F5622E" && bandColor(9) === "#777777");
 * ```
 */
export function bandColor(fid: number): string {
  return BAND_COLORS[fid] ?? "#777777";
}

/** Categorical palette (Tableau 10) for classes. */
export const CLASS_PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2c",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc949",
  "#af7aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ab",
];

/**
 * Colour of the k-th class (palette cycles).
 *
 * @example
 * ```ts
 * import { classColor } from "./colors.ts";
 * console.assert(classColor(0) === "#4e79a7" && classColor(10) === "#4e79a7");
 * ```
 */
export function classColor(k: number): string {
  return CLASS_PALETTE[((k % CLASS_PALETTE.length) + CLASS_PALETTE.length) % CLASS_PALETTE.length];
}

/** Escape text for XML/HTML. */
export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) =>
      c === "&"
        ? "&amp;"
        : c === "<"
        ? "&lt;"
        : c === ">"
        ? "&gt;"
        : c === '"'
        ? "&quot;"
        : "&#39;",
  );
}
