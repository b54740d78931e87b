const small = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Events per second, short: `0.5`, `48.0`, `1.2K`. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  if (rate < 100) return small.format(rate);
  if (rate < 10_000) return whole.format(rate);
  return compact.format(rate);
}

export function formatCount(count: number): string {
  return count < 10_000 ? whole.format(count) : compact.format(count);
}

/** The first letter up: validation messages start lowercase so they read well inside longer ones. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
