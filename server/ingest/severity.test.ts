import { describe, expect, it } from 'vitest';
import {
  clampSeverity,
  DEFAULT_SEVERITY,
  severityFromStatus,
  severityFromText,
  severityName,
  severityToStatus,
  severityToSyslog,
  STATUS_SEVERITY,
  SYSLOG_SEVERITY,
} from './severity';

describe('severityFromText', () => {
  it.each([
    ['emergency', 22],
    ['emerg', 22],
    ['alert', 21],
    ['critical', 18],
    ['crit', 18],
    ['error', 17],
    ['err', 17],
    ['warn', 13],
    ['warning', 13],
    ['notice', 10],
    ['info', 9],
    ['informational', 9],
    ['debug', 5],
    ['trace', 1],
    ['fatal', 21],
    ['ok', 9],
    ['verbose', 1],
    ['severe', 17],
  ])('maps %s to %i', (word, expected) => {
    expect(severityFromText(word)).toBe(expected);
    expect(severityFromText(`  ${word.toUpperCase()} `)).toBe(expected);
  });

  it('understands OTel severity names with their level suffix', () => {
    expect(severityFromText('INFO2')).toBe(10);
    expect(severityFromText('WARN4')).toBe(16);
    expect(severityFromText('FATAL3')).toBe(23);
    expect(severityFromText('SEVERITY_NUMBER_ERROR2')).toBe(18);
    expect(severityFromText('TRACE')).toBe(1);
  });

  it('reads integer strings 0–7 as syslog severities', () => {
    expect(SYSLOG_SEVERITY.map((_, i) => severityFromText(String(i)))).toEqual([22, 21, 18, 17, 13, 10, 9, 5]);
  });

  it('understands longer words that start with a level, and short abbreviations', () => {
    expect(severityFromText('W')).toBe(13);
    expect(severityFromText('E')).toBe(17);
    expect(severityFromText('wrn')).toBe(13);
    expect(severityFromText('Informative')).toBe(9);
    expect(severityFromText('errors')).toBe(17);
    expect(severityFromText('warning:')).toBe(13);
    expect(severityFromText('EMERGENCY!')).toBe(22);
    expect(severityFromText('whatever')).toBeUndefined();
    expect(severityFromText('nonsense')).toBeUndefined();
  });

  it('says nothing about words it does not know', () => {
    for (const word of ['', '   ', 'unspecified', 'SEVERITY_NUMBER_UNSPECIFIED', '42', 'xyz', '__proto__', 'hasOwnProperty']) {
      expect(severityFromText(word)).toBeUndefined();
    }
  });
});

describe('severityFromStatus', () => {
  it('takes words and syslog integers', () => {
    expect(severityFromStatus('warn')).toBe(13);
    expect(severityFromStatus(3)).toBe(17);
    expect(severityFromStatus(0)).toBe(22);
    expect(severityFromStatus(7)).toBe(5);
  });
  it('ignores other values', () => {
    for (const value of [8, -1, 2.5, null, undefined, true, {}, ['error']]) expect(severityFromStatus(value)).toBeUndefined();
  });
});

describe('reverse mapping', () => {
  it('round-trips every canonical status word of the table', () => {
    for (const word of ['trace', 'debug', 'info', 'notice', 'warn', 'error', 'critical', 'alert', 'emergency']) {
      expect(severityToStatus(STATUS_SEVERITY[word])).toBe(word);
    }
  });
  it('covers every number 1–24 with a word that maps back into the same band', () => {
    for (let n = 1; n <= 24; n++) {
      const back = severityFromText(severityToStatus(n))!;
      expect(Math.floor((back - 1) / 4)).toBe(Math.floor((n - 1) / 4));
    }
  });
  it('maps to syslog severities and back', () => {
    for (let level = 0; level <= 7; level++) expect(severityToSyslog(SYSLOG_SEVERITY[level])).toBe(level);
  });
  it('names severities as OTel does', () => {
    expect([1, 4, 5, 9, 10, 13, 16, 17, 21, 24].map(severityName)).toEqual([
      'TRACE', 'TRACE4', 'DEBUG', 'INFO', 'INFO2', 'WARN', 'WARN4', 'ERROR', 'FATAL', 'FATAL4',
    ]);
  });
  it('clamps into 1–24', () => {
    expect(clampSeverity(0)).toBe(1);
    expect(clampSeverity(99)).toBe(24);
    expect(clampSeverity(12.4)).toBe(12);
    expect(clampSeverity(Number.NaN)).toBe(DEFAULT_SEVERITY);
  });
});
