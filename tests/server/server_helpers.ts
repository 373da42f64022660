/**
 * Shared helpers of the server tests: a real HTTP server on loopback over
 * the sample store (the query tests' cache), and small request helpers.
 */
import { FinkClient, SAMPLE_SSO_AGGREGATED_PATH } from "../../query/mod.ts";
import type { SqliteStore } from "../../query/store/sqlite.ts";
import type { Store } from "../../query/store/store.ts";
import { type FinkServer, serve, type ServeOptions } from "../../server/mod.ts";
import { CACHE_DIR, withFink } from "../query/query_sample.ts";
import { assertEquals } from "../assert.ts";
import { missingFiles } from "../browser/chromium.ts";

const PYTHON = new URL("../../.cache/venv/bin/python", import.meta.url).pathname;

/** Run `fn` against a server on 127.0.0.1 (free port) over the sample store. */
export function withServer(
  fn: (url: string, fink: FinkClient, server: FinkServer) => Promise<void>,
  options: ServeOptions = {},
): Promise<void> {
  return withFink(async (fink) => {
    const server = await serve({ client: fink, port: 0, ...options });
    try {
      await fn(server.url, fink, server);
    } finally {
      await server.shutdown();
    }
  });
}

/** TEST DOUBLE (labelled): `real` whose reads fail with `error()` ("throw") or never answer ("stall"). */
function faultyStore(real: Store, fault: "throw" | "stall", error: () => Error): Store {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "scan") {
        return async function* () {
          if (fault === "throw") throw error();
          yield await new Promise<never>(() => {});
        };
      }
      if (prop === "get" || prop === "getMany") {
        return () => fault === "throw" ? Promise.reject(error()) : new Promise(() => {});
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/**
 * Run `fn` against a server over the sample store behind a TEST DOUBLE (labelled) whose reads
 * fail with `error()` or stall: faults a real store cannot show on demand. `fn` gets the
 * server's URL and the lines the server wrote to `console.error` meanwhile.
 */
export function withFaultyServer(
  fault: "throw" | "stall",
  error: () => Error,
  fn: (url: string, logged: string[]) => Promise<void>,
  options: ServeOptions = {},
): Promise<void> {
  return withFink(async (fink) => {
    const client = new FinkClient(faultyStore(fink.store, fault, error));
    const server = await serve({ ...options, client, port: 0 });
    const logged: string[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => logged.push(a.join(" "));
    try {
      await fn(server.url, logged);
    } finally {
      console.error = original;
      await server.shutdown();
    }
  });
}

/** Run `fn` against a server with query workers (each opens the sample store itself). */
export async function withPooledServer(
  fn: (url: string, server: FinkServer) => Promise<void>,
  options: ServeOptions = {},
): Promise<void> {
  await withFink(() => Promise.resolve()); // the sample store is built before the workers open it
  const previous = Deno.env.get("FINKIT_CACHE");
  Deno.env.set("FINKIT_CACHE", CACHE_DIR);
  try {
    const server = await serve({ port: 0, workers: 2, ...options });
    try {
      await fn(server.url, server);
    } finally {
      await server.shutdown();
    }
  } finally {
    if (previous === undefined) Deno.env.delete("FINKIT_CACHE");
    else Deno.env.set("FINKIT_CACHE", previous);
  }
}

/**
 * Run `fn` against a server with query workers over a scratch copy of the
 * sample store, for requests that write (`POST /api/v1/metadata`): the shared
 * sample store stays as built.
 */
export async function withScratchServer(
  fn: (url: string, server: FinkServer, store: string) => Promise<void>,
  options: ServeOptions = {},
): Promise<void> {
  const sample = await withFink((f) => Promise.resolve((f.store as SqliteStore).path));
  const dir = await Deno.makeTempDir({ prefix: "finkit-scratch-" });
  const store = `file:${dir}/sample.db`;
  await Deno.copyFile(sample, `${dir}/sample.db`);
  try {
    // The copy holds the sample's asteroids: it reads the sample's aggregated SSO file too.
    const ssoFile = SAMPLE_SSO_AGGREGATED_PATH;
    const server = await serve({ port: 0, workers: 2, store, ssoFile, ...options });
    try {
      await fn(server.url, server, store);
    } finally {
      await server.shutdown();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** POST a JSON body, as Fink's tutorials do (`requests.post(url, json={...})`). */
export function post(url: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** GET with a query string built from `params`. */
export function get(url: string, params: Record<string, string | number> = {}): Promise<Response> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return fetch(Object.keys(params).length ? `${url}?${q}` : url);
}

/** The status and text of a response. */
export async function answer(r: Response | Promise<Response>): Promise<[number, string]> {
  const res = await r;
  return [res.status, await res.text()];
}

/** Fink's error body for `text`, written out by hand (Python `str()` of the dict). */
export function finkError(text: string): string {
  return `{'status': 'error', 'text': '${text.replaceAll("\n", "\\n")}'}`;
}

/**
 * Why the venv's Python tools cannot run here (`tools`: scripts of its `bin/`, e.g.
 * `schemathesis`), or "" when they can: a test needing them is then skipped with the reason, as
 * those needing Chromium or HBase are. `scripts/install_test_deps.sh` (run by `.ci/run`)
 * installs them.
 */
export function missingPython(...tools: string[]): string {
  return missingFiles(PYTHON, ...tools.map((t) => PYTHON.replace(/python$/, t)));
}

/** Run a script of the venv's Python; its stdout, once it has exited with 0. */
export async function python(...args: string[]): Promise<string> {
  const missing = missingPython();
  if (missing) throw new Error(missing);
  const out = await new Deno.Command(PYTHON, { args, stdout: "piped", stderr: "piped" }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, `${stdout}\n${new TextDecoder().decode(out.stderr)}`);
  return stdout;
}
