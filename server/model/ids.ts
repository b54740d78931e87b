// Time-sortable ids: 10 base32 characters of milliseconds, then 3 of a per-millisecond counter
// that starts at a random point. Lowercase Crockford alphabet, so ids also fit [a-z0-9].
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const COUNTER_SPACE = 32 ** 3;

let lastMillis = -1;
let counter = 0;

function base32(value: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = ALPHABET[value % 32] + text;
    value = Math.floor(value / 32);
  }
  return text;
}

export function newId(): string {
  let now = Date.now();
  if (now <= lastMillis) {
    counter += 1;
    // Past the counter's room, borrow the next millisecond so ids keep increasing.
    if (counter >= COUNTER_SPACE) {
      lastMillis += 1;
      counter = 0;
    }
    now = lastMillis;
  } else {
    lastMillis = now;
    counter = Math.floor(Math.random() * (COUNTER_SPACE / 2));
  }
  return base32(now, 10) + base32(counter, 3);
}
