const ISO_DURATION = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;

/** `PT1H30M` → `1 hour 30 minutes`; undefined when the text is not an ISO-8601 duration. */
export function describeDuration(text: string): string | undefined {
  const match = ISO_DURATION.exec(text.trim());
  if (!match) return undefined;
  const parts: string[] = [];
  match.slice(1).forEach((amount, index) => {
    if (amount === undefined) return;
    const value = Number(amount);
    if (value === 0) return;
    parts.push(`${value} ${UNITS[index]}${value === 1 ? '' : 's'}`);
  });
  return parts.length > 0 ? parts.join(' ') : 'zero';
}

export const DURATION_PRESETS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'PT30S', label: '30 s' },
  { value: 'PT1M', label: '1 min' },
  { value: 'PT5M', label: '5 min' },
  { value: 'PT15M', label: '15 min' },
  { value: 'PT1H', label: '1 h' },
  { value: 'P1D', label: '1 day' },
];
