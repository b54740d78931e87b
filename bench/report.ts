/** Prints one benchmark figure with its ratio to the baseline measured in the same run. */
export function report(name: string, value: number, unit: string, baseline: { name: string; value: number }, note = '') {
  const ratio = baseline.value > 0 ? value / baseline.value : NaN;
  const line = `${name}: ${format(value)} ${unit} = ${ratio.toFixed(3)}× ${baseline.name} (${format(baseline.value)} ${unit})${note ? ` — ${note}` : ''}`;
  console.log(`[bench] ${line}`);
  return ratio;
}

export function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** Median of samples. */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
