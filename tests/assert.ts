/**
 * Minimal assertions for the tests (the Deno standard library is on JSR,
 * which is not reachable here): node:assert with the names Deno users know.
 */
import nodeAssert from "node:assert/strict";

/** Assert that `cond` is truthy. */
export function assert(cond: unknown, msg?: string): asserts cond {
  nodeAssert.ok(cond, msg);
}

/** Deep strict equality. */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, msg);
}

/** Deep strict inequality. */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, msg);
}

/** |actual − expected| ≤ tolerance (absolute). */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance = 1e-7,
  msg?: string,
): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new nodeAssert.AssertionError({
      message: msg ??
        `expected ${actual} to be within ${tolerance} of ${expected} (diff ${
          Math.abs(actual - expected)
        })`,
    });
  }
}

type ErrorClass = new (...args: never[]) => Error;

/** `e` is of class `cls` (if given) and its message includes `includes` (if given). */
function assertErrorIs(e: unknown, cls?: ErrorClass, includes?: string): Error {
  if (cls && !(e instanceof cls)) {
    throw new nodeAssert.AssertionError({ message: `expected ${cls.name}, got ${e}` });
  }
  if (includes && !String((e as Error).message).includes(includes)) {
    throw new nodeAssert.AssertionError({
      message: `expected message to include "${includes}", got "${(e as Error).message}"`,
    });
  }
  return e as Error;
}

/** The promise rejects with an error of class `cls` whose message includes `includes`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  cls?: ErrorClass,
  includes?: string,
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return assertErrorIs(e, cls, includes);
  }
  throw new nodeAssert.AssertionError({ message: "expected the promise to reject" });
}

/** `fn` throws an error of class `cls` whose message includes `includes`. */
export function assertThrows(
  fn: () => unknown,
  cls?: ErrorClass,
  includes?: string,
): Error {
  try {
    fn();
  } catch (e) {
    return assertErrorIs(e, cls, includes);
  }
  throw new nodeAssert.AssertionError({ message: "expected the function to throw" });
}
