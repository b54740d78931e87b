// Logstash's named patterns (`%{IPORHOST:client}`), written afresh for RE2: no lookaround, no atomic
// groups. They extract strings, as in Logstash; a filter (`:integer`, `:int`) converts them.

import { caseInsensitive } from './regex-text';
import {
  CISCO_MAC,
  COMMON_MAC,
  HOSTNAME,
  IP,
  IPV4,
  IPV6,
  IP_OR_HOST,
  MAC,
  UUID,
  WINDOWS_MAC,
  quoted,
} from './network-patterns';

export interface LogstashPattern {
  pattern: string;
  value?: (text: string) => unknown;
}

const group = (pattern: string) => `(?:${pattern})`;
const words = (list: readonly string[]) => group(list.map(caseInsensitive).join('|'));

const INT = '[+-]?\\d+';
const BASE10NUM = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const POSINT = '[1-9]\\d*';
const NONNEGINT = '\\d+';
const USERNAME = '[a-zA-Z0-9._-]+';
const EMAILLOCALPART = "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*";

const MONTH = words([
  'january', 'jan', 'february', 'feb', 'march', 'mar', 'april', 'apr', 'may', 'june', 'jun', 'july', 'jul',
  'august', 'aug', 'september', 'sept', 'sep', 'october', 'oct', 'november', 'nov', 'december', 'dec',
]);
const DAY = words(['monday', 'mon', 'tuesday', 'tue', 'wednesday', 'wed', 'thursday', 'thu', 'friday', 'fri', 'saturday', 'sat', 'sunday', 'sun']);
const MONTHNUM = '(?:1[0-2]|0?[1-9])';
const MONTHNUM2 = '(?:0[1-9]|1[0-2])';
const MONTHDAY = '(?:3[01]|[12]\\d|0[1-9]|[1-9])';
const YEAR = '(?:\\d\\d){1,2}';
const HOUR = '(?:2[0-3]|[01]?\\d)';
const MINUTE = '[0-5]\\d';
const SECOND = '(?:60|[0-5]?\\d)(?:[:.,]\\d+)?';
const TIME = `${HOUR}:${MINUTE}(?::${SECOND})?`;
const DATE_US = `${MONTHNUM}[/-]${MONTHDAY}[/-]${YEAR}`;
const DATE_EU = `${MONTHDAY}[./-]${MONTHNUM}[./-]${YEAR}`;
const DATE = group(`${DATE_US}|${DATE_EU}`);
const ISO8601_TIMEZONE = `(?:Z|[+-]${HOUR}(?::?${MINUTE})?)`;
const TIMESTAMP_ISO8601 = `${YEAR}-${MONTHNUM}-${MONTHDAY}[T ]${HOUR}:?${MINUTE}(?::?${SECOND})?${ISO8601_TIMEZONE}?`;
const TZ = '[A-Z]{3,4}';

const URIPROTO = '[A-Za-z][A-Za-z0-9+.-]+';
const URIHOST = `${IP_OR_HOST}(?::${POSINT})?`;
const URIPATH = "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+";
const URIQUERY = "[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\[\\]<>^-]*";
const URIPARAM = `\\?${URIQUERY}`;
const URIPATHPARAM = `${URIPATH}(?:${URIPARAM})?`;
const URI = `${URIPROTO}://(?:${USERNAME}(?::[^@]*)?@)?(?:${URIHOST})?(?:${URIPATHPARAM})?`;

const UNIXPATH = '(?:/[\\w%!$@:.,+~-]*)+';
const WINPATH = '(?:[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+';

const unquote = (text: string) => text.slice(1, -1);
const QUOTEDSTRING: LogstashPattern = { pattern: group([quoted('"'), quoted("'"), quoted('`')].join('|')), value: unquote };

export const logstashPatterns: Readonly<Record<string, LogstashPattern>> = {
  USERNAME: { pattern: USERNAME },
  USER: { pattern: USERNAME },
  EMAILLOCALPART: { pattern: EMAILLOCALPART },
  EMAILADDRESS: { pattern: `${EMAILLOCALPART}@${HOSTNAME}` },
  HTTPDUSER: { pattern: `(?:${EMAILLOCALPART}@${HOSTNAME}|${USERNAME})` },
  INT: { pattern: INT },
  BASE10NUM: { pattern: BASE10NUM },
  NUMBER: { pattern: BASE10NUM },
  BASE16NUM: { pattern: '[+-]?(?:0[xX])?[0-9A-Fa-f]+' },
  BASE16FLOAT: { pattern: '[+-]?(?:0[xX])?(?:[0-9A-Fa-f]+(?:\\.[0-9A-Fa-f]*)?|\\.[0-9A-Fa-f]+)' },
  POSINT: { pattern: POSINT },
  NONNEGINT: { pattern: NONNEGINT },
  WORD: { pattern: '\\b\\w+\\b' },
  NOTSPACE: { pattern: '\\S+' },
  SPACE: { pattern: '\\s*' },
  DATA: { pattern: '[\\s\\S]*?' },
  GREEDYDATA: { pattern: '[\\s\\S]*' },
  QUOTEDSTRING,
  QS: QUOTEDSTRING,
  UUID: { pattern: UUID },
  URN: { pattern: "urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+" },
  MAC: { pattern: MAC },
  CISCOMAC: { pattern: CISCO_MAC },
  WINDOWSMAC: { pattern: WINDOWS_MAC },
  COMMONMAC: { pattern: COMMON_MAC },
  IPV6: { pattern: IPV6 },
  IPV4: { pattern: IPV4 },
  IP: { pattern: IP },
  HOSTNAME: { pattern: HOSTNAME },
  IPORHOST: { pattern: IP_OR_HOST },
  HOSTPORT: { pattern: `${IP_OR_HOST}:${POSINT}` },
  PATH: { pattern: group(`${UNIXPATH}|${WINPATH}`) },
  UNIXPATH: { pattern: UNIXPATH },
  WINPATH: { pattern: WINPATH },
  TTY: { pattern: '/dev/(?:pts|tty[pq]?)(?:\\w+)?/?\\d+' },
  URIPROTO: { pattern: URIPROTO },
  URIHOST: { pattern: URIHOST },
  URIPATH: { pattern: URIPATH },
  URIQUERY: { pattern: URIQUERY },
  URIPARAM: { pattern: URIPARAM },
  URIPATHPARAM: { pattern: URIPATHPARAM },
  URI: { pattern: URI },
  MONTH: { pattern: MONTH },
  MONTHNUM: { pattern: MONTHNUM },
  MONTHNUM2: { pattern: MONTHNUM2 },
  MONTHDAY: { pattern: MONTHDAY },
  DAY: { pattern: DAY },
  YEAR: { pattern: YEAR },
  HOUR: { pattern: HOUR },
  MINUTE: { pattern: MINUTE },
  SECOND: { pattern: SECOND },
  TIME: { pattern: TIME },
  DATE_US: { pattern: DATE_US },
  DATE_EU: { pattern: DATE_EU },
  DATE: { pattern: DATE },
  DATESTAMP: { pattern: `${DATE}[- ]${TIME}` },
  ISO8601_TIMEZONE: { pattern: ISO8601_TIMEZONE },
  ISO8601_SECOND: { pattern: SECOND },
  TIMESTAMP_ISO8601: { pattern: TIMESTAMP_ISO8601 },
  TZ: { pattern: TZ },
  DATESTAMP_RFC822: { pattern: `${DAY} ${MONTH} ${MONTHDAY} ${YEAR} ${TIME} ${TZ}` },
  DATESTAMP_RFC2822: { pattern: `${DAY}, ${MONTHDAY} ${MONTH} ${YEAR} ${TIME} ${ISO8601_TIMEZONE}` },
  DATESTAMP_OTHER: { pattern: `${DAY} ${MONTH} ${MONTHDAY} ${TIME} ${TZ} ${YEAR}` },
  DATESTAMP_EVENTLOG: { pattern: `${YEAR}${MONTHNUM2}${MONTHDAY}${HOUR}${MINUTE}${SECOND}` },
  SYSLOGTIMESTAMP: { pattern: `${MONTH} +${MONTHDAY} ${TIME}` },
  PROG: { pattern: '[\\x21-\\x5a\\x5c\\x5e-\\x7e]+' },
  SYSLOGHOST: { pattern: IP_OR_HOST },
  HTTPDATE: { pattern: `${MONTHDAY}/${MONTH}/${YEAR}:${TIME} ${INT}` },
  LOGLEVEL: {
    pattern: words([
      'trace', 'debug', 'notice', 'informational', 'information', 'info', 'warning', 'warn', 'error', 'err',
      'critical', 'crit', 'fatal', 'severe', 'emergency', 'emerg', 'alert',
    ]),
  },
};

/**
 * Logstash patterns that set ECS fields of their own (`process.pid`, `host.hostname`…) rather than
 * one value. Weir rejects them with a clear message instead of guessing at those fields.
 */
export const unsupportedLogstashPatterns: ReadonlySet<string> = new Set([
  'SYSLOGPROG',
  'SYSLOGFACILITY',
  'SYSLOGBASE',
  'SYSLOG5424PRI',
  'SYSLOG5424BASE',
  'SYSLOG5424LINE',
  'SYSLOGLINE',
  'HTTPD_COMMONLOG',
  'HTTPD_COMBINEDLOG',
  'HTTPD_ERRORLOG',
  'HTTPD20_ERRORLOG',
  'HTTPD24_ERRORLOG',
  'COMMONAPACHELOG',
  'COMBINEDAPACHELOG',
]);
