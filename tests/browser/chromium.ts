/**
 * Headless Chromium for the widget tests: Debian's /usr/bin/chromium driven by npm
 * playwright-core (never a browser download), and the checks deciding whether browser and
 * notebook tests can run here.
 */
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium. */
export const CHROMIUM = "/usr/bin/chromium";
/** Debian's Python that sees python3-nbclient. */
export const PYTHON = "/usr/bin/python3";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launch headless Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * Why a test needing these files cannot run here (the first one missing, and what installs it),
 * or "" when they all exist.
 */
export function missingFiles(...paths: string[]): string {
  for (const path of paths) {
    try {
      Deno.statSync(path);
    } catch {
      return `${path} is missing (run scripts/install_test_deps.sh)`;
    }
  }
  return "";
}

/** Reason the browser tests cannot run here, or "" when Chromium is installed. */
export function missingBrowser(): string {
  return missingFiles(CHROMIUM);
}

/** Reason notebook execution cannot run here, or "" when nbclient and the Deno kernel exist. */
export function missingJupyter(): string {
  const missing = missingFiles(PYTHON);
  if (missing) return missing;
  const r = new Deno.Command(PYTHON, {
    args: [
      "-c",
      "import nbclient, jupyter_client; from jupyter_client.kernelspec import get_kernel_spec; get_kernel_spec('deno')",
    ],
    stdout: "null",
    stderr: "null",
  }).outputSync();
  return r.success
    ? ""
    : "python3-nbclient or the 'deno' kernelspec is missing (run scripts/install_test_deps.sh)";
}

/** Execute a notebook with the grace-period executor (tests/browser/nbexec.py). */
export async function executeNotebook(input: string, output: string): Promise<void> {
  const script = new URL("./nbexec.py", import.meta.url).pathname;
  const r = await new Deno.Command(PYTHON, {
    args: [script, input, output, "--grace", "0.02"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) {
    throw new Error(`notebook execution failed:\n${new TextDecoder().decode(r.stderr)}`);
  }
}
