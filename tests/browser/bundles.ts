/**
 * The committed front-end bundles against a fresh build: runs a build script
 * (scripts/build_widgets.ts, scripts/build_portal.ts) into a temporary folder
 * and returns, per file, the fresh text beside the committed one.
 */
import { assertEquals } from "../assert.ts";

/** Build with `script` into a temporary folder; per name, the fresh and the committed text. */
export async function rebuiltBundle(
  script: string,
  dist: string,
  names: string[],
): Promise<Record<string, { fresh: string; committed: string }>> {
  const root = new URL("../../", import.meta.url);
  const dir = await Deno.makeTempDir({ prefix: "finkit-bundle-" });
  try {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(script, root).pathname, "--outdir", dir],
      stdout: "null",
      stderr: "piped",
    }).output();
    assertEquals(r.success, true, new TextDecoder().decode(r.stderr));
    const out: Record<string, { fresh: string; committed: string }> = {};
    for (const name of names) {
      out[name] = {
        fresh: await Deno.readTextFile(`${dir}/${name}`),
        committed: await Deno.readTextFile(new URL(`${dist}${name}`, root)),
      };
    }
    return out;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
