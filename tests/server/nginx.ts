/**
 * A real reverse proxy for the tests: Debian's nginx (`scripts/install_test_deps.sh` installs
 * it), run as a foreground process on a free loopback port with a configuration of its own in a
 * temporary folder, mounting a finkit server under a sub-path the way README's configuration
 * does (`location /fink/` stripping the prefix, `X-Forwarded-*` headers set).
 */

/** Debian's nginx. */
export const NGINX = "/usr/sbin/nginx";

/** Reason the proxy tests cannot run here, or "" when nginx is installed. */
export function missingNginx(): string {
  try {
    Deno.statSync(NGINX);
    return "";
  } catch {
    return `${NGINX} is missing (run scripts/install_test_deps.sh)`;
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** nginx's configuration: `prefix` (`/fink`) of `127.0.0.1:port` proxied to `upstream`. */
export function subPathConfig(port: number, prefix: string, upstream: string): string {
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((k) => `  ${k}_temp_path tmp/${k};`).join("\n");
  return `daemon off;
worker_processes 1;
pid nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    location = ${prefix} { return 301 ${prefix}/$is_args$args; }
    location ${prefix}/ {
      proxy_pass ${upstream}/;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Prefix ${prefix};
    }
  }
}
`;
}

/**
 * Run `fn` with the URL of nginx serving `upstream` (a finkit server's URL) under `prefix`
 * (`http://127.0.0.1:<port>`, without the prefix); nginx is stopped and its folder removed after.
 */
export async function withNginx(
  upstream: string,
  prefix: string,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "finkit_nginx_" });
  await Deno.mkdir(`${dir}/tmp`);
  const port = freePort();
  await Deno.writeTextFile(`${dir}/nginx.conf`, subPathConfig(port, prefix, upstream));
  const child = new Deno.Command(NGINX, {
    args: ["-p", `${dir}/`, "-c", `${dir}/nginx.conf`, "-e", "stderr"],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  (async () => {
    for (let r = await stderr.read(); !r.done; r = await stderr.read()) said += r.value;
  })().catch(() => {});
  try {
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await (await fetch(`${url}/`)).body?.cancel();
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`nginx did not start: ${said}`, { cause: e });
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await fn(url);
  } finally {
    child.kill("SIGTERM"); // nginx's fast stop (a graceful one waits for idle connections)
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
}
