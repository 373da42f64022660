/// <reference lib="dom" />
/**
 * A DOM for rendering Observable Plot figures without a browser (npm linkedom), and SVG
 * serialisation with `xmlns` so the result is a standalone SVG document.
 *
 * @module
 */
import { parseHTML } from "linkedom";

let doc: Document | undefined;

/**
 * A shared linkedom document (created once).
 *
 * @example
 * ```ts
 * import { staticDocument } from "./static_dom.ts";
 * console.assert(staticDocument().createElement("div").tagName === "DIV");
 * ```
 */
export function staticDocument(): Document {
  doc ??= parseHTML("<!DOCTYPE html><html><head></head><body></body></html>")
    .document as unknown as Document;
  return doc;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * Replace Plot's process-wide clip-path ids (`plot-clip-N`) with ids derived from the figure's
 * content, so the same figure always serialises identically while different figures on one
 * page keep distinct ids.
 */
function stableIds(svg: string): string {
  const ids = [...new Set(svg.match(/plot-clip-\d+/g) ?? [])];
  if (ids.length === 0) return svg;
  const neutral = svg.replace(/plot-clip-\d+/g, "plot-clip");
  const tag = fnv1a(neutral);
  let out = svg;
  ids.forEach((id, k) => {
    out = out.replaceAll(`"${id}"`, `"finkit-${tag}-${k}"`).replaceAll(
      `#${id})`,
      `#finkit-${tag}-${k})`,
    );
  });
  return out;
}

/**
 * Serialise an SVG element as a standalone SVG document string (adds `xmlns`).
 *
 * @example
 * ```ts
 * import { serializeSVG, staticDocument } from "./static_dom.ts";
 * const svg = staticDocument().createElementNS("http://www.w3.org/2000/svg", "svg");
 * console.assert(serializeSVG(svg as unknown as Element).includes('xmlns="http://www.w3.org/2000/svg"'));
 * ```
 */
export function serializeSVG(el: Element): string {
  let s = stableIds(el.outerHTML);
  if (!/^<svg[^>]*\sxmlns=/.test(s)) {
    s = s.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  }
  if (!/^<svg[^>]*\sxmlns:xlink=/.test(s) && s.includes("xlink:")) {
    s = s.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  }
  return s;
}
