// The benches' one quantile: of an ascending array, the value at rank ⌊q·n⌋ (NaN when empty).
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
