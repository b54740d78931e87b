// The `keyvalue` filter: `user=john, email=john@example.com; role="site admin"` → an object.

export interface KeyValueOptions {
  /** Between a key and its value, e.g. `=` or `:=`. */
  separator: string;
  /** Characters allowed in unquoted values besides letters, digits, `_`, `.`, `-` and `@`. */
  allowed: string;
  /** Opening and closing quote characters, pairwise: `<>""''`. */
  quotes: string;
  /** Characters between pairs; they also end an unquoted value. */
  delimiters: string;
}

export const DEFAULT_KEY_VALUE_OPTIONS: KeyValueOptions = { separator: '=', allowed: '', quotes: '<>""\'\'', delimiters: ' ,;' };

const isKeyChar = (char: string) => /[\w.@-]/.test(char);

/** Pairs in order, the last of a repeated key winning; empty and `null` values are skipped. */
export function parseKeyValues(text: string, options: KeyValueOptions = DEFAULT_KEY_VALUE_OPTIONS): Record<string, string> {
  const { separator, allowed, delimiters } = options;
  const closing = new Map<string, string>();
  for (let i = 0; i + 1 < options.quotes.length; i += 2) closing.set(options.quotes[i], options.quotes[i + 1]);
  // Where each closing quote last occurs, so an unclosed quote costs no scan (keeps parsing linear).
  const lastClose = new Map([...closing.values()].map((close) => [close, text.lastIndexOf(close)]));
  const isValueChar = (char: string) => !delimiters.includes(char) && (isKeyChar(char) || allowed.includes(char));
  const skipSpaces = (from: number) => {
    let at = from;
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at += 1;
    return at;
  };

  const pairs: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    if (!isKeyChar(text[i])) {
      i += 1;
      continue;
    }
    const keyStart = i;
    while (i < text.length && isKeyChar(text[i]) && !text.startsWith(separator, i)) i += 1;
    const key = text.slice(keyStart, i);
    let at = skipSpaces(i);
    if (!text.startsWith(separator, at)) continue;
    const afterSeparator = at + separator.length;
    at = skipSpaces(afterSeparator);

    let value: string;
    const close = closing.get(text[at]);
    const end = close === undefined || (lastClose.get(close) ?? -1) <= at ? -1 : text.indexOf(close, at + 1);
    if (end >= 0) {
      value = text.slice(at + 1, end);
      at = end + 1;
    } else {
      const valueStart = at;
      while (at < text.length && isValueChar(text[at])) at += 1;
      value = text.slice(valueStart, at);
      // In `a= b=1` the word after the spaces is the next key, and `a` is empty.
      if (valueStart > afterSeparator && text.startsWith(separator, skipSpaces(at))) {
        value = '';
        at = afterSeparator;
      }
    }
    if (value !== '' && value !== 'null') pairs[key] = value;
    i = Math.max(at, i + 1);
  }
  return pairs;
}
