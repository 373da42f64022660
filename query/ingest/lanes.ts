/**
 * Work on a remote store (HBase) done several requests at once: HBase
 * answers several requests in parallel, and each request otherwise waits for
 * its round trip.
 *
 * @module
 */

/** Requests a remote store (HBase) is sent at once, at most. */
export const PARALLEL_REQUESTS = 4;

/**
 * Run `work(item)` for every item, at most `lanes` at once, in the items'
 * order of starting. After a failure no new item starts, and the first error
 * is thrown once the items in flight have ended.
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  if (failure) throw failure.error;
}
