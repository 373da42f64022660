/**
 * The committed front-end bundle (widgets/dist/widgets.js) is what scripts/build_widgets.ts
 * produces from the current sources: rebuilt into a temporary directory and compared by
 * SHA-256.
 */
import { assertEquals } from "../assert.ts";

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("widgets/dist/widgets.js is current (rebuild gives the same SHA-256)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "finkit-widgets-" });
  try {
    const script = new URL("../../scripts/build_widgets.ts", import.meta.url).pathname;
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, "--outdir", dir],
      stdout: "null",
      stderr: "piped",
    }).output();
    assertEquals(r.success, true, new TextDecoder().decode(r.stderr));
    const fresh = await Deno.readFile(`${dir}/widgets.js`);
    const committed = await Deno.readFile(
      new URL("../../widgets/dist/widgets.js", import.meta.url),
    );
    assertEquals(
      await sha256(committed),
      await sha256(fresh),
      "stale bundle: run deno run -A scripts/build_widgets.ts",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the bundle is self-contained: no CDN or remote imports", async () => {
  const js = await Deno.readTextFile(new URL("../../widgets/dist/widgets.js", import.meta.url));
  assertEquals(/\bimport\s*\(?\s*["']https?:/.test(js), false);
  assertEquals(/from\s*["'](?!\.)[^"']+["']/.test(js), false, "no bare imports left");
});
