/**
 * A real Jupyter server for the front-end tests: `jupyter lab` from the project's venv
 * (`.cache/venv`, pinned JupyterLab, Notebook 7 and anywidget from PyPI), on 127.0.0.1 with a
 * random token, settings and runtime files in a temporary folder (autosave and news off), and
 * the repository as its root. The Notebook 7 pages (`/notebooks/…`) are served by the same
 * server, since the `notebook` server extension is installed beside JupyterLab.
 */
import { missingFiles } from "./chromium.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** The venv's `jupyter`. */
export const JUPYTER = `${ROOT}.cache/venv/bin/jupyter`;

/** A running server. */
export interface JupyterServer {
  /** `http://127.0.0.1:<port>`. */
  base: string;
  /** The access token. */
  token: string;
  /** URL of a path under the server root, with the token. */
  url(path: string): string;
  /** Stop the server (and its kernels) and remove the temporary folder. */
  close(): Promise<void>;
}

/** Reason the JupyterLab tests cannot run here, or "". */
export function missingJupyterLab(): string {
  const missing = missingFiles(JUPYTER);
  if (missing) return missing;
  const r = new Deno.Command(JUPYTER, {
    args: ["kernelspec", "list", "--json"],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  if (!r.success) return "`jupyter kernelspec list` failed";
  const specs = JSON.parse(new TextDecoder().decode(r.stdout)).kernelspecs ?? {};
  return specs.deno ? "" : "the 'deno' kernelspec is missing (run scripts/install_test_deps.sh)";
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

const SETTINGS: Record<string, unknown> = {
  "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": { autosave: false },
  // Every cell stays in the DOM, so every widget view renders without scrolling.
  "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": { windowingMode: "none" },
  "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
    fetchNews: "false",
    checkForUpdates: false,
  },
};

/** Start `jupyter lab` (at most `timeoutMs` to answer) and return it. */
export async function startJupyter(timeoutMs = 60_000): Promise<JupyterServer> {
  const tmp = await Deno.makeTempDir({ prefix: "finkit-jupyter-" });
  for (const [file, value] of Object.entries(SETTINGS)) {
    const path = `${tmp}/settings/${file}`;
    await Deno.mkdir(path.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(path, JSON.stringify(value));
  }
  const token = crypto.randomUUID().replaceAll("-", "");
  const port = freePort();
  const child = new Deno.Command(JUPYTER, {
    args: [
      "lab",
      "--no-browser",
      "--allow-root",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${ROOT}`,
      `--IdentityProvider.token=${token}`,
      "--ContentsManager.allow_hidden=True",
      "--LabApp.expose_app_in_browser=True",
      "--JupyterNotebookApp.expose_app_in_browser=True",
      `--LabApp.user_settings_dir=${tmp}/settings`,
      `--LabApp.workspaces_dir=${tmp}/workspaces`,
      `--JupyterNotebookApp.user_settings_dir=${tmp}/settings`,
      `--JupyterNotebookApp.workspaces_dir=${tmp}/workspaces`,
    ],
    env: { JUPYTER_RUNTIME_DIR: `${tmp}/runtime`, NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // Keep the log (stderr) for failure messages.
  const log: string[] = [];
  const reader = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) log.push(dec.decode(chunk));
  })();
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 10_000);
    await child.status;
    clearTimeout(timer);
    await reader.catch(() => {});
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  };
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      await r.body?.cancel();
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - t0 > timeoutMs) {
      await close();
      throw new Error(`jupyter lab did not answer within ${timeoutMs} ms:\n${log.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    token,
    url: (path: string) => `${base}/${path.replace(/^\//, "")}?token=${token}`,
    close,
  };
}
