/**
 * The history points an ingest run has produced (see {@linkcode SeenHistory}),
 * so that a point repeated by the alerts of an object is built once.
 *
 * @module
 */
import type { FieldValue } from "./alert.ts";

/** Kinds of history points: a detection (main table), a bad-quality one, an upper limit. */
export const VALID = 1, BAD = 2, UPPER = 4;

/** A record of the history points built so far, as the row builder consults it. */
export interface HistoryRecord {
  /**
   * Record point `jd` of `objectId` as `kind`: whether its row is to be built.
   * `values` are the row's values (upper limits, bad-quality detections).
   */
  add(objectId: string, jd: unknown, kind: number, values?: FieldValue[]): boolean;
  /** Whether `add` compares `values` (when false, they need not be made). */
  readonly comparesValues: boolean;
}

/** The key of a JD in an object's points: "-0.0" and "0.0" are two rowkeys. */
function jdKey(jd: unknown): number | string {
  const n = Number(jd);
  return n === 0 && 1 / n < 0 ? "-0" : n;
}

/** Points by object, at most `limit` of them: past it the oldest objects are forgotten. */
class PointsByObject<P> {
  #objects = new Map<string, Map<number | string, P>>();
  #lastObject = "";
  #last: Map<number | string, P> | undefined;
  /** Points recorded (callers count the ones they add). */
  count = 0;
  /** Times the oldest objects were forgotten. */
  forgets = 0;
  constructor(readonly limit: number) {}

  of(objectId: string): Map<number | string, P> {
    let points = this.#last;
    if (objectId !== this.#lastObject || !points) {
      points = this.#objects.get(objectId);
      if (!points) {
        if (this.count >= this.limit) this.#forgetOldest();
        this.#objects.set(objectId, points = new Map());
      }
      this.#lastObject = objectId;
      this.#last = points;
    }
    return points;
  }

  #forgetOldest(): void {
    this.forgets++;
    let drop = this.#objects.size / 2;
    for (const [oid, points] of this.#objects) {
      if (drop-- <= 0) break;
      this.count -= points.size;
      this.#objects.delete(oid);
    }
    this.#last = undefined;
  }
}

/**
 * The history points of one file, for a reader that never undoes a file (the
 * decoding worker): the first occurrence of a point in the file wins, as in
 * {@linkcode SeenHistory}, kept as one number of kind bits per point, with
 * no values and no undo log (a file of 10,000 new objects records 420,000
 * points; as a `Point`, an array of values and an undo entry each, kept to
 * the file's end, they were a quarter of the worker's garbage collection).
 */
export class FileHistory implements HistoryRecord {
  readonly comparesValues = false;
  #points: PointsByObject<number>;

  /** A record of at most `limit` points. */
  constructor(limit = 1_000_000) {
    this.#points = new PointsByObject(limit);
  }

  /**
   * Times points were forgotten (past the limit). While it stays the same,
   * `add` accepts each point of a kind once: no rowkey is built twice.
   */
  get forgets(): number {
    return this.#points.forgets;
  }

  add(objectId: string, jd: unknown, kind: number): boolean {
    const points = this.#points.of(objectId);
    const k = jdKey(jd);
    const bits = points.get(k);
    if (bits === undefined) this.#points.count++;
    else if (bits & kind) return false;
    points.set(k, (bits ?? 0) | kind);
    return true;
  }
}

/** What a run knows of one history point (an object's JD). */
class Point {
  /** A main-table row was produced for it (an alert, or a history detection). */
  valid = false;
  /** The file in which it was last seen as an upper limit / a bad-quality detection. */
  upperFile = -1;
  badFile = -1;
  /** The values last written for it to `ztf.upper` / `ztf.uppervalid`. */
  upper: FieldValue[] | undefined = undefined;
  bad: FieldValue[] | undefined = undefined;
  /** The file whose undo log holds this point's state before the file. */
  logged = -1;
}

/**
 * The history points an ingest has produced, by object and rowkey JD
 * (`jdString` prints one string per number, so numbers key them), to build
 * each row once. Within a file the first occurrence of a point wins, as
 * before files were chained; across the files of a run, a history detection
 * is skipped once its row exists (it is written only if absent), and an
 * upper limit or bad-quality detection when its values equal those last
 * written (a put of the same values changes nothing). A file that fails is
 * forgotten ({@linkcode SeenHistory.undoFile}). Past `limit` points the
 * oldest objects are forgotten: their points are written again, never lost.
 */
export class SeenHistory implements HistoryRecord {
  readonly comparesValues = true;
  #objects: PointsByObject<Point>;
  #file = 0;
  #fileStart = 0;
  #undo: [Map<number | string, Point>, number | string, Point | undefined][] = [];

  /** A record of at most `limit` points. */
  constructor(readonly limit = 1_000_000) {
    this.#objects = new PointsByObject(limit);
  }

  /** Start the next file. */
  nextFile(): void {
    this.#file++;
    this.#fileStart = this.#undo.length;
  }

  /** Forget what the current file recorded. */
  undoFile(): void {
    this.undoTo(this.#fileStart);
  }

  /** A mark to undo back to (see {@linkcode SeenHistory.undoTo}). */
  mark(): number {
    return this.#undo.length;
  }

  /** Forget what files recorded since `mark` (files written together, rolled back together). */
  undoTo(mark: number): void {
    for (let i = this.#undo.length - 1; i >= mark; i--) {
      const [points, k, before] = this.#undo[i];
      if (before) points.set(k, before);
      else if (points.delete(k) && this.#objects.count > 0) this.#objects.count--;
    }
    this.#undo.length = Math.min(mark, this.#undo.length);
    this.#fileStart = Math.min(this.#fileStart, this.#undo.length);
  }

  /** What was recorded so far is written for good (committed or released): keep it. */
  settle(): void {
    this.#undo.length = 0;
    this.#fileStart = 0;
  }

  /**
   * Record point `jd` of `objectId` as `kind`: whether its row is to be
   * built. `values` are the row's values (upper limits and bad-quality
   * detections); without them the point is only marked as seen in the file.
   */
  add(objectId: string, jd: unknown, kind: number, values?: FieldValue[]): boolean {
    const points = this.#objects.of(objectId);
    const k = jdKey(jd);
    let p = points.get(k);
    if (p && kind === VALID && p.valid) return false;
    if (p && kind === UPPER && p.upperFile === this.#file) return false;
    if (p && kind === BAD && p.badFile === this.#file) return false;
    if (!p) {
      points.set(k, p = new Point());
      this.#objects.count++;
      this.#undo.push([points, k, undefined]);
    } else if (p.logged !== this.#file) {
      this.#undo.push([points, k, Object.assign(new Point(), p)]);
    }
    p.logged = this.#file;
    if (kind === VALID) return p.valid = true;
    if (kind === UPPER) {
      p.upperFile = this.#file;
      if (!values || same(p.upper, values)) return false;
      p.upper = values;
      return true;
    }
    p.badFile = this.#file;
    if (!values || same(p.bad, values)) return false;
    p.bad = values;
    return true;
  }
}

function same(a: FieldValue[] | undefined, b: FieldValue[]): boolean {
  if (!a) return false;
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
