/**
 * Small assertion helpers for the widget tests (JSR's @std/assert is not reachable here).
 */
import { AssertionError, deepStrictEqual } from "node:assert";

/** Throw unless `cond` is truthy. */
export function assert(cond: unknown, msg = "assertion failed"): asserts cond {
  if (!cond) throw new AssertionError({ message: msg });
}

/** Deep equality (node:assert deepStrictEqual). */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  deepStrictEqual(actual, expected, msg);
}

/** |actual − expected| ≤ tol. */
export function assertAlmostEquals(actual: number, expected: number, tol: number, msg = ""): void {
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new AssertionError({
      message: `${msg} expected ${expected} ± ${tol}, got ${actual} (diff ${actual - expected})`,
    });
  }
}

// deno-lint-ignore no-explicit-any
type ErrorClass = new (...args: any[]) => Error;

/** `fn` throws an instance of `cls` whose message includes `includes`. */
export function assertThrows(fn: () => unknown, cls: ErrorClass, includes = ""): Error {
  try {
    fn();
  } catch (e) {
    assert(e instanceof cls, `expected ${cls.name}, got ${e}`);
    assert(
      (e as Error).message.includes(includes),
      `message "${(e as Error).message}" lacks "${includes}"`,
    );
    return e as Error;
  }
  throw new AssertionError({ message: `expected ${cls.name} to be thrown` });
}

/** `fn()` rejects with an instance of `cls` whose message includes `includes`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  cls: ErrorClass,
  includes = "",
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    assert(e instanceof cls, `expected ${cls.name}, got ${e}`);
    assert(
      (e as Error).message.includes(includes),
      `message "${(e as Error).message}" lacks "${includes}"`,
    );
    return e as Error;
  }
  throw new AssertionError({ message: `expected ${cls.name} rejection` });
}
