/**
 * Fuzzing: schemathesis (PyPI, in the project's venv) generates requests
 * from the server's OpenAPI document — examples, boundary values, random
 * values, wrong types, for every route and method — for a bounded number of
 * cases with a fixed seed; no answer may be a 5xx or have a status code, content
 * type or JSON body the document does not give, a method a route lacks gets 405 with `Allow`, and
 * the server must live on.
 */
import { assert, assertEquals } from "../assert.ts";
import { missingPython, withScratchServer } from "./server_helpers.ts";

const SCHEMATHESIS = new URL("../../.cache/venv/bin/schemathesis", import.meta.url).pathname;
const ARTIFACTS = new URL("../artifacts/schemathesis/", import.meta.url).pathname;

const reason = missingPython("schemathesis");
if (reason) console.warn(`server_fuzz_test skipped: ${reason}`);

Deno.test("schemathesis finds no server error in a bounded run over every route", {
  ignore: reason !== "",
}, async () => {
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  // A scratch copy of the sample store: the fuzzer's metadata POSTs are written.
  await withScratchServer(async (url) => {
    const out = await new Deno.Command(SCHEMATHESIS, {
      args: [
        "run",
        `${url}/api/v1/openapi.json`,
        "--checks",
        // No 5xx; every status code, content type and JSON body as documented; 405 with Allow
        // for other methods.
        "not_a_server_error,status_code_conformance,content_type_conformance," +
        "response_schema_conformance,unsupported_method",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        "8",
        "--seed",
        "20261206",
        "--request-timeout",
        "30",
        "--no-color",
        "--report-dir",
        ARTIFACTS,
      ],
      cwd: ARTIFACTS,
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(240_000),
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    await Deno.writeTextFile(`${ARTIFACTS}/run.log`, text);
    assertEquals(out.code, 0, text.slice(-4000));
    const cases = /(\d+) generated, \1 passed/.exec(text);
    assert(cases && Number(cases[1]) > 500, text.slice(-2000));
    // The server still answers after the run.
    const r = await fetch(`${url}/api/v1/classes`);
    assertEquals(r.status, 200);
    await r.body?.cancel();
  });
});
