// Per-character lookup tables for the scanner. One byte per UTF-16 code unit, so a lookup is a single load.

export const WORD = 1;
export const DIGIT = 2;
export const HEX = 4;

/** Classes of every UTF-16 code unit: WORD is `[A-Za-z0-9_]` (as `\w` and `\b` see it), DIGIT `[0-9]`, HEX `[0-9A-Fa-f]`. */
export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  for (let c = 48; c <= 57; c++) table[c] = WORD | DIGIT | HEX;
  for (let c = 65; c <= 90; c++) table[c] = WORD;
  for (let c = 97; c <= 122; c++) table[c] = WORD;
  for (let c = 65; c <= 70; c++) table[c] |= HEX;
  for (let c = 97; c <= 102; c++) table[c] |= HEX;
  table[95] = WORD;
  return table;
})();

/** True at the end of `text` or before a non-word character: where `\b` holds after a word character. */
export function endsWord(text: string, at: number): boolean {
  return at >= text.length || (CHAR_CLASS[text.charCodeAt(at)] & WORD) === 0;
}

/** The end of the run of characters of `cls` starting at `from`. */
export function runOf(text: string, from: number, cls: number): number {
  let at = from;
  while (at < text.length && (CHAR_CLASS[text.charCodeAt(at)] & cls) !== 0) at++;
  return at;
}

export function isDigitAt(text: string, at: number): boolean {
  return at < text.length && (CHAR_CLASS[text.charCodeAt(at)] & DIGIT) !== 0;
}
