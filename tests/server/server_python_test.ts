/**
 * Fink's own client code path: Python `requests` + `pandas` (+ pyarrow,
 * astropy) from the project's venv (scripts/install_test_deps.sh) talk to the
 * server over HTTP exactly as Fink's tutorials and API tests do.
 */
import { assert, assertEquals } from "../assert.ts";
import { withServer } from "./server_helpers.ts";

const PYTHON = new URL("../../.cache/venv/bin/python", import.meta.url).pathname;
const SCRIPT = new URL("./fink_client.py", import.meta.url).pathname;
const CONTRACT = new URL("./fink_contract.py", import.meta.url).pathname;
const BAYESTAR = new URL(
  "../../data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz",
  import.meta.url,
).pathname;

Deno.test("Fink's Python clients (requests, pandas, pyarrow, astropy) read every format the server sends", async () => {
  try {
    await Deno.stat(PYTHON);
  } catch {
    throw new Error(`${PYTHON} is missing: run scripts/install_test_deps.sh first`);
  }
  await withServer(async (url) => {
    const out = await new Deno.Command(PYTHON, {
      args: [SCRIPT, url],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, `${stdout}\n${stderr}`);
    for (
      const check of [
        "objects json",
        "objects votable",
        "conesearch",
        "latests",
        "cutouts",
        "sso",
        "statistics",
      ]
    ) {
      assert(stdout.includes(`ok ${check}`), `${check} missing:\n${stdout}`);
    }
  }, { workers: 0 });
});

Deno.test("Fink's API tests, restated for the sample (fink_contract.py): every check passes", async () => {
  await withServer(async (url) => {
    const out = await new Deno.Command(PYTHON, {
      args: [CONTRACT, url, BAYESTAR],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, `${stdout}\n${new TextDecoder().decode(out.stderr)}`);
    assert(/^25 passed, 0 failed$/m.test(stdout), stdout);
  }, { workers: 0 });
});
