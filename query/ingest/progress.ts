/**
 * A terminal progress bar for ingestion (files, alerts, rate, ETA) and the
 * printed summary. Writes to stderr; silent when stderr is not a terminal
 * except for the final summary.
 *
 * @module
 */
import type { IngestProgress, IngestSummary } from "./ingest.ts";
import { isArchiveName } from "./read.ts";

const enc = new TextEncoder();

/**
 * A progress callback that draws a one-line bar on stderr when it is a
 * terminal (at most every 100 ms).
 *
 * @example
 * ```ts
 * import { terminalProgress } from "./progress.ts";
 * const onProgress = terminalProgress();
 * onProgress({ filesDone: 1, filesTotal: 4, file: "a.avro", alerts: 100, elapsed: 0.5, rate: 200 });
 * ```
 */
export function terminalProgress(): (p: IngestProgress) => void {
  const tty = Deno.stderr.isTerminal();
  let last = 0;
  return (p) => {
    if (!tty) return;
    const now = performance.now();
    if (now - last < 100 && p.filesDone < p.filesTotal) return;
    last = now;
    const width = 24;
    const frac = p.filesTotal ? p.filesDone / p.filesTotal : 0;
    const bar = "█".repeat(Math.round(frac * width)).padEnd(width, "░");
    // Rate and ETA once a second has passed (before, they are noise: "0 alerts/s, ETA 1s").
    const steady = p.elapsed >= 1;
    const rate = steady ? ` · ${Math.round(p.rate)} alerts/s` : "";
    const eta = steady && frac > 0 && frac < 1
      ? ` ETA ${formatSeconds(p.elapsed / frac - p.elapsed)}`
      : "";
    const name = p.file.length > 40 ? "…" + p.file.slice(-39) : p.file;
    const line =
      `\r${bar} ${p.filesDone}/${p.filesTotal} files · ${p.alerts} alerts${rate}${eta} · ${name}`;
    Deno.stderr.writeSync(enc.encode(line.padEnd(120).slice(0, 160)));
    if (p.filesDone === p.filesTotal) Deno.stderr.writeSync(enc.encode("\n"));
  };
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, "0")}s`;
}

/** `n` and its noun, singular for one ("1 file", "2 files"). */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** A human summary of an ingest run. */
export function formatSummary(s: IngestSummary): string {
  const rows = Object.entries(s.rows).filter(([, n]) => n > 0).sort();
  const lines = [
    `Ingested ${count(s.alerts, "alert")} (${s.scienceAlerts} passed the quality cut) of ` +
    `${count(s.objects, "object")} from ${count(s.files, "file")} in ${s.seconds.toFixed(1)} s (${
      Math.round(s.alerts / (s.seconds || 1))
    } alerts/s).`,
    ...(rows.length ? ["Rows written per table:"] : ["No rows written."]),
    ...rows.map(([t, n]) => `  ${t.padEnd(20)} ${n}`),
  ];
  if (s.skipped.length) {
    lines.push(`Skipped ${count(s.skipped.length, "file")}:`);
    for (const k of s.skipped) lines.push(`  ${k.file}: ${k.reason}`);
  }
  if (s.errors.length) {
    const archive = s.errors.some((e) => isArchiveName(e.file))
      ? "; of a damaged archive, the members before the damage were"
      : "";
    lines.push(
      `Rejected ${count(s.errors.length, "malformed file")} (nothing of ${
        s.errors.length === 1 ? "it" : "them"
      } was written${archive}):`,
    );
    for (const e of s.errors) lines.push(`  ${e.message}`);
  }
  return lines.join("\n");
}
