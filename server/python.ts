/**
 * The Python spellings Fink's REST API shows on the wire: error bodies are
 * `str()` of a Python dict (`{'status': 'error', 'text': '…\n'}`), flags are
 * compared as `str(value) == "True"`, and a sky map is sent as `str()` of
 * the gzipped bytes (`b'\x1f\x8b…'`). Fink's clients compare those bodies
 * byte for byte, so finkit writes and reads them the same way.
 *
 * @module
 */

/** Python's `repr()` of a string: single quotes unless the text has `'` and no `"`. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + quote;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** Python's `str()` of a JSON value as Fink receives it (`true` → `True`, `null` → `None`). */
export function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  return JSON.stringify(v);
}

/**
 * The body of Fink's error responses: `str({'status': 'error', 'text': text})`.
 * `raw` is spliced in unquoted, as Python prints an exception object
 * (`ValueError("…")`).
 */
export function errorBody(text: string, raw = false): string {
  return `{'status': 'error', 'text': ${raw ? text : pyRepr(text)}}`;
}

/**
 * A flask-restx error answer: `{"message": "…"}` as Python's `json.dumps`
 * writes it, with the newline flask-restx adds (`application/json`).
 */
export function flaskMessage(text: string): string {
  return `{"message": ${JSON.stringify(text)}}\n`;
}

/** Python's `repr()` of an exception: `ValueError("Invalid character …")`. */
export function pyException(kind: string, message: string): string {
  return `${kind}(${pyRepr(message)})`;
}

/**
 * Bytes from Python's `str(bytes)` (`b'\x1f\x8b\x08…'` or `b"…"`), as Fink's
 * clients send a sky map; `undefined` when `s` is not such a literal.
 */
export function parsePyBytes(s: string): Uint8Array | undefined {
  const m = /^b(['"])([\s\S]*)\1$/.exec(s.trim());
  if (!m) return undefined;
  const body = m[2];
  const out = new Uint8Array(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c > 0xff) return undefined;
    if (body[i] !== "\\") {
      out[n++] = c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "x": {
        const hex = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
        out[n++] = parseInt(hex, 16);
        i += 2;
        break;
      }
      case "n":
        out[n++] = 10;
        break;
      case "r":
        out[n++] = 13;
        break;
      case "t":
        out[n++] = 9;
        break;
      case "\\":
      case "'":
      case '"':
        out[n++] = e.charCodeAt(0);
        break;
      default:
        return undefined;
    }
  }
  return out.subarray(0, n);
}
