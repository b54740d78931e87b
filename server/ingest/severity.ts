// Severity mapping shared by the Datadog, OTLP and Splunk decoders (and usable by the vendor sinks).
//
// Weir stores OpenTelemetry severity numbers (1–24): TRACE 1–4, DEBUG 5–8, INFO 9–12, WARN 13–16,
// ERROR 17–20, FATAL 21–24. Shippers send words ("warn", "CRITICAL", "E") or syslog numbers (0–7).
//
// Status words → OTel number (matching is case-insensitive and ignores surrounding spaces):
//
//   | status words                                     | OTel | name   | syslog |
//   |--------------------------------------------------|------|--------|--------|
//   | trace, verbose, finest, finer                    | 1    | TRACE  |        |
//   | debug, dbg, fine, config                         | 5    | DEBUG  | 7      |
//   | info, information, informational, ok, success    | 9    | INFO   | 6      |
//   | notice                                           | 10   | INFO2  | 5      |
//   | warn, warning                                    | 13   | WARN   | 4      |
//   | error, err, severe                               | 17   | ERROR  | 3      |
//   | critical, crit                                   | 18   | ERROR2 | 2      |
//   | alert, fatal                                     | 21   | FATAL  | 1      |
//   | emergency, emerg, panic                          | 22   | FATAL2 | 0      |
//
// Also understood: OTel names with their level suffix ("INFO2", "WARN4", "SEVERITY_NUMBER_ERROR3"),
// syslog severities as integers or integer strings 0–7 (0 emergency … 7 debug, as in the table),
// words that start with a level word ("errors", "Informative", "EMERGENCY!", "warning:"), and
// abbreviations of up to three letters by their first letter (W, E, WRN, INF, t/v → trace,
// d → debug, i → info, n → notice, w → warn, e → error, c → critical, a → alert, f → fatal).
// Anything else is "unknown" (undefined); callers then use DEFAULT_SEVERITY (INFO).
//
// The reverse direction (OTel number → status word) follows the same table by range, so every
// canonical word in the table round-trips: 1–4 trace, 5–8 debug, 9 info, 10–12 notice, 13–16 warn,
// 17 error, 18–20 critical, 21 alert, 22–24 emergency.

/** The base number of each OTel severity range. */
export const SEVERITY = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;

/** Severity used when a payload says nothing usable: INFO. */
export const DEFAULT_SEVERITY: number = SEVERITY.INFO;

/** Status word → OTel severity number (the table above). Keys are lowercase. */
export const STATUS_SEVERITY: Readonly<Record<string, number>> = Object.freeze({
  trace: 1,
  verbose: 1,
  finest: 1,
  finer: 1,
  debug: 5,
  dbg: 5,
  fine: 5,
  config: 5,
  info: 9,
  information: 9,
  informational: 9,
  ok: 9,
  success: 9,
  notice: 10,
  warn: 13,
  warning: 13,
  error: 17,
  err: 17,
  severe: 17,
  critical: 18,
  crit: 18,
  alert: 21,
  fatal: 21,
  emergency: 22,
  emerg: 22,
  panic: 22,
});

/** Syslog severity (RFC 5424, 0 emergency … 7 debug) → OTel severity number. */
export const SYSLOG_SEVERITY: readonly number[] = Object.freeze([22, 21, 18, 17, 13, 10, 9, 5]);

const OTEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const OTEL_NAME_BASE: Readonly<Record<string, number>> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };
const OTEL_NAME_PATTERN = /^(?:severity_number_)?(trace|debug|info|warn|error|fatal)([1-4])?$/;

/** Level words a longer word may start with, longest first ("errors" → err, "informative" → info). */
const PREFIX_STEMS = ['verbose', 'notice', 'severe', 'debug', 'alert', 'emerg', 'error', 'fatal', 'panic', 'trace', 'crit', 'info', 'warn', 'err'];

const FIRST_LETTER_SEVERITY: Readonly<Record<string, number>> = {
  t: 1,
  v: 1,
  d: 5,
  i: 9,
  n: 10,
  w: 13,
  e: 17,
  c: 18,
  a: 21,
  f: 21,
};

/** Clamp any number into 1–24 (rounding); non-finite numbers give DEFAULT_SEVERITY. */
export function clampSeverity(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_SEVERITY;
  const n = Math.round(value);
  return n < 1 ? 1 : n > 24 ? 24 : n;
}

/**
 * Severity from a textual level ("WARN", "err", "Informational", "INFO3", "5").
 * Returns undefined when the text says nothing recognisable.
 */
export function severityFromText(text: string): number | undefined {
  const word = text.trim().toLowerCase();
  if (word === '') return undefined;
  const exact = STATUS_SEVERITY[word];
  if (exact !== undefined && Object.hasOwn(STATUS_SEVERITY, word)) return exact;
  const otel = OTEL_NAME_PATTERN.exec(word);
  if (otel) return OTEL_NAME_BASE[otel[1]] + (otel[2] ? Number(otel[2]) - 1 : 0);
  if (/^[0-7]$/.test(word)) return SYSLOG_SEVERITY[Number(word)];
  for (const stem of PREFIX_STEMS) {
    if (word.startsWith(stem)) return STATUS_SEVERITY[stem];
  }
  if (word.length <= 3 && Object.hasOwn(FIRST_LETTER_SEVERITY, word[0])) return FIRST_LETTER_SEVERITY[word[0]];
  return undefined;
}

/**
 * Severity from a status/level field of any JSON type: words as in severityFromText,
 * integers 0–7 as syslog severities. Returns undefined for anything else.
 */
export function severityFromStatus(value: unknown): number | undefined {
  if (typeof value === 'string') return severityFromText(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 7) {
    return SYSLOG_SEVERITY[value];
  }
  return undefined;
}

/** OTel short name of a severity number: "INFO", "WARN3", "FATAL4". */
export function severityName(severity: number): string {
  const n = clampSeverity(severity);
  const range = Math.floor((n - 1) / 4);
  const step = (n - 1) % 4;
  return OTEL_NAMES[range] + (step === 0 ? '' : String(step + 1));
}

/** Status word for a severity number, the inverse of the table (Datadog `status`, Splunk `severity`). */
export function severityToStatus(severity: number): string {
  const n = clampSeverity(severity);
  if (n <= 4) return 'trace';
  if (n <= 8) return 'debug';
  if (n === 9) return 'info';
  if (n <= 12) return 'notice';
  if (n <= 16) return 'warn';
  if (n === 17) return 'error';
  if (n <= 20) return 'critical';
  if (n === 21) return 'alert';
  return 'emergency';
}

/** Syslog severity (0–7) for a severity number; TRACE and DEBUG both map to 7 (debug). */
export function severityToSyslog(severity: number): number {
  const n = clampSeverity(severity);
  if (n <= 8) return 7;
  if (n === 9) return 6;
  if (n <= 12) return 5;
  if (n <= 16) return 4;
  if (n === 17) return 3;
  if (n <= 20) return 2;
  if (n === 21) return 1;
  return 0;
}
