/**
 * Register a test that runs against a fresh HBase REST test double, closed
 * afterwards (test code only).
 *
 * @module
 */
import { HBaseRestDouble } from "./server.ts";

/** Options of {@linkcode doubleTest}. */
export interface DoubleTestOptions {
  /** Prefix of the test names. Default none. */
  prefix?: string;
  /** Ignore an error while closing (tests that stop the server themselves). Default false. */
  ignoreCloseErrors?: boolean;
}

/**
 * A `test(name, fn)` function whose tests each get their own double.
 *
 * @example
 * ```ts
 * import { doubleTest } from "./testing.ts";
 * const test = doubleTest({ prefix: "hbase wire: " });
 * test("answers the version", async (double) => {
 *   await fetch(`${double.url.replace("hbase:", "http:")}/version/cluster`);
 * });
 * ```
 */
export function doubleTest(
  options: DoubleTestOptions = {},
): (name: string, fn: (double: HBaseRestDouble) => Promise<void>) => void {
  return (name, fn) =>
    Deno.test({
      name: `${options.prefix ?? ""}${name}`,
      sanitizeOps: false,
      sanitizeResources: false,
      fn: async () => {
        const double = HBaseRestDouble.start();
        try {
          await fn(double);
        } finally {
          const closing = double.close();
          await (options.ignoreCloseErrors ? closing.catch(() => {}) : closing);
        }
      },
    });
}
