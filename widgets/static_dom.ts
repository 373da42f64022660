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
  let s = el.outerHTML;
  if (!/^<svg[^>]*\sxmlns=/.test(s)) {
    s = s.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  }
  if (!/^<svg[^>]*\sxmlns:xlink=/.test(s) && s.includes("xlink:")) {
    s = s.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  }
  return s;
}
