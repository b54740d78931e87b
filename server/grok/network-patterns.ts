// Network and identifier patterns shared by the Datadog-style matchers and the Logstash patterns.
// Written without lookaround so that RE2 runs them.

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;

const H16 = '[0-9A-Fa-f]{1,4}';
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const h16s = (count: number) => (count === 0 ? '' : `(?:${H16}:){${count}}`);
/** Up to `max` groups of h16 separated by colons, before a `::`. */
const upTo = (max: number) => (max < 0 ? '' : max === 0 ? `${H16}?` : `(?:(?:${H16}:){0,${max}}${H16})?`);

// RFC 3986's nine forms of an IPv6 address, with an optional zone (`%eth0`).
export const IPV6 = `(?:${[
  `${h16s(6)}${LS32}`,
  `::${h16s(5)}${LS32}`,
  `${upTo(0)}::${h16s(4)}${LS32}`,
  `${upTo(1)}::${h16s(3)}${LS32}`,
  `${upTo(2)}::${h16s(2)}${LS32}`,
  `${upTo(3)}::${H16}:${LS32}`,
  `${upTo(4)}::${LS32}`,
  `${upTo(5)}::${H16}`,
  `${upTo(6)}::`,
].join('|')})(?:%[0-9A-Za-z._~-]+)?`;

export const IP = `(?:${IPV6}|${IPV4})`;

const LABEL = '[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?';
export const HOSTNAME = `${LABEL}(?:\\.${LABEL})*\\.?`;
export const IP_OR_HOST = `(?:${IP}|${HOSTNAME})`;

export const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

export const COMMON_MAC = '(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}';
export const WINDOWS_MAC = '(?:[0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}';
export const CISCO_MAC = '(?:[0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}';
export const MAC = `(?:${COMMON_MAC}|${WINDOWS_MAC}|${CISCO_MAC})`;

export const PORT = '(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d\\d|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3}|0)';

/** `"…"` with backslash escapes. */
export const quoted = (quote: string) => `${quote}(?:[^${quote}\\\\]|\\\\[\\s\\S])*${quote}`;
export const DOUBLE_QUOTED = quoted('"');
export const SINGLE_QUOTED = quoted("'");

const ISO_DATE = '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
const ISO_TIME = '(?:[01]\\d|2[0-3]):?[0-5]\\d(?::?(?:[0-5]\\d|60)(?:[.,]\\d+)?)?';
const ISO_ZONE = '(?:Z|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)';
export const TIMESTAMP_ISO8601 = `${ISO_DATE}[T ]${ISO_TIME}${ISO_ZONE}?`;
