/**
 * Object literals compiled once per list of keys, so that every object made
 * from one list has the same fast V8 shape (~100 fields assigned one by one
 * give a slow dictionary-mode object instead).
 *
 * @module
 */

/**
 * A function of the parameters `params` returning one object literal with the
 * keys `keys`, in order; `value(i, key)` is the JavaScript expression of field
 * `i` (`key`: its name as a string literal). `body` runs before the return
 * (declarations the expressions use). `__proto__` is an own field like the
 * others, not the prototype.
 *
 * @example
 * ```ts
 * import { compileLiteral } from "./literal.ts";
 * const pick = compileLiteral<(r: Record<string, number>) => object>(
 *   ["r"], ["ra", "dec"], (_i, key) => `r[${key}]`,
 * );
 * console.log(pick({ ra: 1, dec: 2, jd: 3 })); // { ra: 1, dec: 2 }
 * ```
 */
export function compileLiteral<F>(
  params: readonly string[],
  keys: readonly string[],
  value: (i: number, key: string) => string,
  body = "",
): F {
  const fields = keys.map((k, i) => {
    const key = JSON.stringify(k);
    // A computed key defines an own property, where `__proto__: v` would set the prototype.
    return `${k === "__proto__" ? `[${key}]` : key}: ${value(i, key)}`;
  });
  return new Function(...params, `${body}return {\n${fields.join(",\n")}\n};`) as F;
}
