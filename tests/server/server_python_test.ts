/**
 * Fink's own client code path: Python `requests` + `pandas` (+ pyarrow,
 * astropy) from the project's venv (scripts/install_test_deps.sh) talk to the
 * server over HTTP exactly as Fink's tutorials and API tests do.
 */
import { assert } from "../assert.ts";
import { missingPython, python, withScratchServer, withServer } from "./server_helpers.ts";

const reason = missingPython();
if (reason) console.warn(`server_python_test skipped: ${reason}`);
const ignore = reason !== "";

const SCRIPT = new URL("./fink_client.py", import.meta.url).pathname;
const CONTRACT = new URL("./fink_contract.py", import.meta.url).pathname;
const TUTORIALS = new URL("./fink_tutorials.py", import.meta.url).pathname;
const BAYESTAR = new URL(
  "../../data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz",
  import.meta.url,
).pathname;

Deno.test(
  "Fink's Python clients (requests, pandas, pyarrow, astropy) read every format the server sends",
  { ignore },
  async () => {
    await withServer(async (url) => {
      const stdout = await python(SCRIPT, url);
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
  },
);

Deno.test(
  "Fink's tutorials and API documentation, restated for the sample (fink_tutorials.py): every call and its processing works",
  { ignore },
  async () => {
    await withServer(async (url) => {
      const stdout = await python(TUTORIALS, url, BAYESTAR);
      assert(/^30 passed, 0 failed$/m.test(stdout), stdout);
    });
  },
);

Deno.test("Fink's API tests, restated for the sample (fink_contract.py): every check passes", {
  ignore,
}, async () => {
  // A scratch copy of the sample store: the metadata check posts an annotation.
  await withScratchServer(async (url) => {
    const stdout = await python(CONTRACT, url, BAYESTAR);
    assert(/^34 passed, 0 failed$/m.test(stdout), stdout);
  }, { workers: 0 });
});
