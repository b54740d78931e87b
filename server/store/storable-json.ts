// Shippers send whatever their programs logged. Postgres text and jsonb refuse NUL and unpaired UTF-16
// surrogates, so intake swaps them for U+FFFD rather than losing the whole request.
const NUL_ESCAPE = /\\u0000/g;
const LONE_SURROGATE_ESCAPE = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/gi;

/** JSON text of `value` that Postgres jsonb accepts. */
export function toStorableJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes('\\u')) return text;
  return text.replace(NUL_ESCAPE, '\\ufffd').replace(LONE_SURROGATE_ESCAPE, '\\ufffd');
}
