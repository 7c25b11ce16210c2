/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list votes 1/(k + rank) for its items. It needs no
 * score calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
export const defaultRrfK = 60;

export interface FusedItem<T> {
  item: T;
  fused: number;
  /** 1-based rank in each input list where the item appeared. */
  ranks: (number | undefined)[];
}

export function fuseRankings<T>(
  lists: readonly (readonly T[])[],
  keyOf: (item: T) => string,
  options: { k?: number; weights?: readonly number[] } = {},
): FusedItem<T>[] {
  const k = options.k ?? defaultRrfK;
  const fused = new Map<string, FusedItem<T>>();
  lists.forEach((list, listIndex) => {
    const weight = options.weights?.[listIndex] ?? 1;
    list.forEach((item, position) => {
      const key = keyOf(item);
      let entry = fused.get(key);
      if (entry === undefined) {
        entry = { item, fused: 0, ranks: lists.map(() => undefined) };
        fused.set(key, entry);
      }
      entry.fused += weight / (k + position + 1);
      entry.ranks[listIndex] = position + 1;
    });
  });
  return [...fused.values()].sort((a, b) => b.fused - a.fused || keyOf(a.item).localeCompare(keyOf(b.item)));
}
