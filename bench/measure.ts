/** Median time of `fn` over `runs` runs after a warm-up, in milliseconds. */
export async function medianMs(
  fn: () => unknown | Promise<unknown>,
  runs = 41,
  warmup = 10,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

export interface BenchResult {
  name: string;
  figures: Record<string, string | number>;
}
