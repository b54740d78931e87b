// Masks and tokenizes a message in one left-to-right pass. Built-in masks run as hand-written matchers
// at the positions where one could start; user masks (RE2, compiled by the engine) report their next
// match, and the scan stops there. A mask's match is always a token of its own. Each token gets two
// independent 32-bit hashes computed on the way: with its length, they stand for its text, so
// clustering compares integers and never the text itself.
import type { CompiledRegex } from '../engine/operator';
import * as charClasses from './char-classes';
import * as builtinMasks from './builtin-masks';
import type { BuiltinMask } from './builtin-masks';

// Bound once: some bundlers and test runners read every use of an imported name off the module object.
const { CHAR_CLASS, DIGIT, WORD, runOf } = charClasses;
const { matchBuiltin } = builtinMasks;

/** Tokens beyond this many are not compared: longer messages cluster on their first MAX_TOKENS tokens. */
export const MAX_TOKENS = 512;

/** `code` of a literal token; masked tokens carry their mask's index (0, 1, …). */
export const LITERAL = -1;

export type ScannerMask = { name: string; builtin: BuiltinMask } | { name: string; regex: CompiledRegex };

export interface ScannerConfig {
  /** Single characters (UTF-16 code units) that separate tokens. */
  delimiters: readonly string[];
  /** Enabled masks, highest priority first: where two could match at the same place, the first wins. */
  masks: readonly ScannerMask[];
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const SECOND_OFFSET = 0x3c6ef372 | 0;
const SECOND_PRIME = 0x2e5bf271;
const IS_WORD = 1;
const IS_DELIMITER = 2;
/** An enabled built-in mask can start with the character. */
const STARTS_MASK = 4;
const IS_DIGIT = 8;

/** The scanner's two hashes of a literal token's text, for patterns restored from a checkpoint. */
export function hashLiteral(text: string): [number, number] {
  let hash = FNV_OFFSET;
  let hash2 = SECOND_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    hash = Math.imul(hash ^ c, FNV_PRIME);
    hash2 = Math.imul(hash2 ^ c, SECOND_PRIME);
  }
  return [hash, hash2];
}

/** The hash a masked token of mask `index` gets. */
export const maskHash = (index: number) => Math.imul(index + 1, 0x9e3779b1) | 0;

/** The tokens of the last scanned message, in reusable buffers: valid until the next `scan`. */
export class ScannedTokens {
  count = 0;
  /** More tokens followed the last one kept. */
  truncated = false;
  readonly start = new Int32Array(MAX_TOKENS);
  readonly end = new Int32Array(MAX_TOKENS);
  readonly hash = new Int32Array(MAX_TOKENS);
  readonly hash2 = new Int32Array(MAX_TOKENS);
  readonly code = new Int32Array(MAX_TOKENS);
  /** 1 when a literal token contains a digit (likely a variable: the index does not branch on it). */
  readonly hasDigit = new Uint8Array(MAX_TOKENS);
  text = '';
}

export class MessageScanner {
  readonly tokens = new ScannedTokens();
  readonly maskNames: readonly string[];
  /** Per character: IS_WORD, IS_DELIMITER, STARTS_MASK. */
  private readonly classes = new Uint8Array(65536);
  /** Per character: bit k set when enabled built-in mask k (by priority) can start with it. */
  private readonly starts: Uint32Array;
  private readonly builtins: Array<BuiltinMask | undefined>;
  private readonly builtinKinds: Int32Array;
  private readonly regexes: Array<CompiledRegex | undefined>;
  private readonly hasUserMasks: boolean;
  private readonly userStart: Int32Array;
  private readonly userEnd: Int32Array;
  private lastMask = -1;

  constructor(config: ScannerConfig) {
    if (config.masks.length > 31) throw new Error('at most 31 masks can be enabled at once');
    for (let c = 0; c < 65536; c++) if ((CHAR_CLASS[c] & WORD) !== 0) this.classes[c] = IS_WORD;
    for (let c = 48; c <= 57; c++) this.classes[c] |= IS_DIGIT;
    for (const delimiter of config.delimiters) {
      if (delimiter.length === 1) this.classes[delimiter.charCodeAt(0)] |= IS_DELIMITER;
    }
    this.maskNames = config.masks.map((mask) => mask.name);
    this.builtins = config.masks.map((mask) => ('builtin' in mask ? mask.builtin : undefined));
    this.builtinKinds = Int32Array.from(this.builtins, (builtin) => builtin?.kind ?? -1);
    this.regexes = config.masks.map((mask) => ('regex' in mask ? mask.regex : undefined));
    this.hasUserMasks = this.regexes.some((regex) => regex !== undefined);
    this.userStart = new Int32Array(config.masks.length);
    this.userEnd = new Int32Array(config.masks.length);
    this.starts = new Uint32Array(65536);
    this.builtins.forEach((builtin, index) => {
      if (!builtin) return;
      for (let c = 0; c < 65536; c++) {
        if (builtin.startsWith(c)) {
          this.starts[c] |= 1 << index;
          this.classes[c] |= STARTS_MASK;
        }
      }
    });
  }

  /** Masks and tokenizes `text` into `this.tokens`; returns the token count. */
  scan(text: string): number {
    const tokens = this.tokens;
    tokens.text = text;
    tokens.count = 0;
    tokens.truncated = false;
    return this.hasUserMasks ? this.scanWithUserMasks(text) : this.scanBuiltinsOnly(text);
  }

  /** The hot path, when every enabled mask is built in; `scanWithUserMasks` is the same walk with RE2 matches in it. */
  private scanBuiltinsOnly(text: string): number {
    const tokens = this.tokens;
    const classes = this.classes;
    const length = text.length;
    let tokenStart = -1;
    let hash = FNV_OFFSET;
    let hash2 = SECOND_OFFSET;
    let flags = 0;
    let previousIsWord = false;
    let at = 0;
    while (at < length) {
      const c = text.charCodeAt(at);
      const cls = classes[c];
      if ((cls & STARTS_MASK) !== 0 && !previousIsWord) {
        const end = this.matchBuiltins(text, at, this.starts[c]);
        if (end > at) {
          if (tokenStart >= 0 && !this.push(tokenStart, at, hash, hash2, LITERAL, flags)) return tokens.count;
          if (!this.push(at, end, maskHash(this.lastMask), 0, this.lastMask, 0)) return tokens.count;
          tokenStart = -1;
          hash = FNV_OFFSET;
          hash2 = SECOND_OFFSET;
          flags = 0;
          previousIsWord = (classes[text.charCodeAt(end - 1)] & IS_WORD) !== 0;
          at = end;
          continue;
        }
      }
      if ((cls & IS_DELIMITER) !== 0) {
        if (tokenStart >= 0) {
          if (!this.push(tokenStart, at, hash, hash2, LITERAL, flags)) return tokens.count;
          tokenStart = -1;
          hash = FNV_OFFSET;
          hash2 = SECOND_OFFSET;
          flags = 0;
        }
        previousIsWord = (cls & IS_WORD) !== 0;
        at++;
        continue;
      }
      if (tokenStart < 0) tokenStart = at;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      hash2 = Math.imul(hash2 ^ c, SECOND_PRIME);
      flags |= cls;
      at++;
      if ((cls & IS_WORD) === 0) {
        previousIsWord = false;
        continue;
      }
      // The rest of a word: no mask can start inside it, so only delimiters and non-word characters stop it.
      while (at < length) {
        const next = text.charCodeAt(at);
        const nextClass = classes[next];
        if ((nextClass & (IS_WORD | IS_DELIMITER)) !== IS_WORD) break;
        hash = Math.imul(hash ^ next, FNV_PRIME);
        hash2 = Math.imul(hash2 ^ next, SECOND_PRIME);
        flags |= nextClass;
        at++;
      }
      previousIsWord = true;
    }
    if (tokenStart >= 0) this.push(tokenStart, length, hash, hash2, LITERAL, flags);
    return tokens.count;
  }

  private scanWithUserMasks(text: string): number {
    const tokens = this.tokens;
    const classes = this.classes;
    const starts = this.starts;
    const length = text.length;
    const maskCount = this.regexes.length;
    let nextUser = length;
    for (let index = 0; index < maskCount; index++) {
      if (this.regexes[index]) {
        this.findUserMatch(index, text, 0);
        if (this.userStart[index] < nextUser) nextUser = this.userStart[index];
      }
    }
    let tokenStart = -1;
    let hash = FNV_OFFSET;
    let hash2 = SECOND_OFFSET;
    let flags = 0;
    let previousIsWord = false;
    let at = 0;
    while (at < length) {
      const c = text.charCodeAt(at);
      if (at === nextUser || (!previousIsWord && starts[c] !== 0)) {
        const end = this.matchAny(text, at, previousIsWord ? 0 : starts[c]);
        if (end > at) {
          if (tokenStart >= 0 && !this.push(tokenStart, at, hash, hash2, LITERAL, flags)) return tokens.count;
          if (!this.push(at, end, maskHash(this.lastMask), 0, this.lastMask, 0)) return tokens.count;
          tokenStart = -1;
          hash = FNV_OFFSET;
          hash2 = SECOND_OFFSET;
          flags = 0;
          previousIsWord = (classes[text.charCodeAt(end - 1)] & IS_WORD) !== 0;
          at = end;
          nextUser = length;
          for (let index = 0; index < maskCount; index++) {
            if (!this.regexes[index]) continue;
            if (this.userStart[index] < end) this.findUserMatch(index, text, end);
            if (this.userStart[index] < nextUser) nextUser = this.userStart[index];
          }
          continue;
        }
      }
      const cls = classes[c];
      if ((cls & IS_DELIMITER) !== 0) {
        if (tokenStart >= 0) {
          if (!this.push(tokenStart, at, hash, hash2, LITERAL, flags)) return tokens.count;
          tokenStart = -1;
          hash = FNV_OFFSET;
          hash2 = SECOND_OFFSET;
          flags = 0;
        }
      } else {
        if (tokenStart < 0) tokenStart = at;
        hash = Math.imul(hash ^ c, FNV_PRIME);
        hash2 = Math.imul(hash2 ^ c, SECOND_PRIME);
        flags |= cls;
      }
      previousIsWord = (cls & IS_WORD) !== 0;
      at++;
    }
    if (tokenStart >= 0) this.push(tokenStart, length, hash, hash2, LITERAL, flags);
    return tokens.count;
  }

  /** The first non-empty match of user mask `index` at or after `from` (start = text length when none). */
  private findUserMatch(index: number, text: string, from: number) {
    const regex = this.regexes[index]!;
    let searchFrom = from;
    while (searchFrom <= text.length) {
      regex.lastIndex = searchFrom;
      const match = regex.exec(text);
      if (!match) break;
      const matchEnd = match.index + match[0].length;
      if (matchEnd > match.index) {
        this.userStart[index] = match.index;
        this.userEnd[index] = matchEnd;
        return;
      }
      searchFrom = match.index + 1;
    }
    this.userStart[index] = text.length;
    this.userEnd[index] = text.length;
  }

  private matchBuiltins(text: string, at: number, candidates: number): number {
    const kinds = this.builtinKinds;
    const digitsEnd = (CHAR_CLASS[text.charCodeAt(at)] & DIGIT) !== 0 ? runOf(text, at + 1, DIGIT) : at;
    for (let index = 0; candidates !== 0; index++, candidates >>>= 1) {
      if ((candidates & 1) === 0) continue;
      const end = matchBuiltin(kinds[index], text, at, digitsEnd);
      if (end > at) {
        this.lastMask = index;
        return end;
      }
    }
    return -1;
  }

  private matchAny(text: string, at: number, builtinCandidates: number): number {
    for (let index = 0; index < this.builtins.length; index++) {
      const builtin = this.builtins[index];
      let end = -1;
      if (builtin) {
        if ((builtinCandidates & (1 << index)) !== 0) end = matchBuiltin(builtin.kind, text, at, runOf(text, at, DIGIT));
      } else if (this.userStart[index] === at) {
        end = this.userEnd[index];
      }
      if (end > at) {
        this.lastMask = index;
        return end;
      }
    }
    return -1;
  }

  /** Appends a token; false once MAX_TOKENS are kept and another would follow (the scan stops there). */
  private push(start: number, end: number, hash: number, hash2: number, code: number, flags: number): boolean {
    const tokens = this.tokens;
    const index = tokens.count;
    if (index === MAX_TOKENS) {
      tokens.truncated = true;
      return false;
    }
    tokens.start[index] = start;
    tokens.end[index] = end;
    tokens.hash[index] = hash;
    tokens.hash2[index] = hash2;
    tokens.code[index] = code;
    tokens.hasDigit[index] = (flags & IS_DIGIT) !== 0 ? 1 : 0;
    tokens.count = index + 1;
    return true;
  }
}
