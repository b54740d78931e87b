// Patterns and the index that finds the one a message belongs to. In the style of Drain: patterns are
// grouped by token count and then by their first tokens (a fixed-depth tree), and a message is compared
// only with the patterns of its leaf. Similarity is the share of positions where the message's token
// equals the pattern's; a position the pattern has generalized to a wildcard never counts as equal,
// which keeps patterns from drifting into matching everything.
import { LITERAL, MAX_TOKENS, maskHash, type ScannedTokens } from './scanner';

/** `code` of a pattern position that has seen different tokens. */
export const WILDCARD = -2;
/** `code` of a masked token whose mask is no longer enabled (after a restore under other params). */
const RETIRED_MASK = -3;
/** How many leading tokens the tree branches on. */
const TREE_DEPTH = 2;
/** Children per tree node; tokens beyond go to the node's wildcard child. */
const MAX_CHILDREN = 100;

/** A pattern position as stored in a checkpoint: literal text, a mask, or null for a wildcard. */
export type TokenSpec = string | { mask: string } | null;

export class Pattern {
  /** Window bookkeeping, owned by the reducer. */
  window: unknown = undefined;
  /** Neighbours in the partition's and in the reducer-wide least-recently-used lists. */
  newer: Pattern | null = null;
  older: Pattern | null = null;
  globalNewer: Pattern | null = null;
  globalOlder: Pattern | null = null;
  leaf: Pattern[] | null = null;

  constructor(
    readonly id: string,
    /** Creation order within the reducer: decides which of two equally similar patterns wins. */
    readonly seq: number,
    readonly partitionKey: string,
    readonly size: number,
    readonly truncated: boolean,
    readonly code: Int32Array,
    readonly hash: Int32Array,
    /** Literal text, or the mask's name for a masked position ('' for a wildcard). */
    readonly text: string[],
    /** What separates the tokens in the message the pattern was made from: `size + 1` entries. */
    readonly separators: readonly string[],
    /** The tree keys the pattern was filed under (null: the wildcard child). */
    readonly path: ReadonlyArray<number | null>,
    /** Those keys as token specs, for checkpoints. */
    readonly pathSpecs: readonly TokenSpec[],
    public nonWildcards: number,
  ) {}

  /** The pattern as text: masked positions read `<name>`, generalized ones `<*>`. */
  render(): string {
    let out = this.separators[0];
    for (let j = 0; j < this.size; j++) {
      const code = this.code[j];
      out += code === LITERAL ? this.text[j] : code === WILDCARD ? '<*>' : `<${this.text[j]}>`;
      out += this.separators[j + 1];
    }
    return out;
  }

  tokenSpecs(): TokenSpec[] {
    return Array.from({ length: this.size }, (_, j) => specOf(this.code[j], this.text[j]));
  }
}

function specOf(code: number, text: string): TokenSpec {
  return code === LITERAL ? text : code === WILDCARD ? null : { mask: text };
}

class TreeNode {
  readonly children = new Map<number, TreeNode>();
  wild: TreeNode | null = null;
  patterns: Pattern[] | null = null;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** The scanner's hash of a literal token, for patterns restored from a checkpoint. */
export function literalHash(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** Where the index sends literal tokens with a digit: like Drain, it does not branch on likely variables. */
const DIGITS_KEY = -2_000_000;
/** Literal tokens branch on their hash (kept in small-integer range), masked ones on their mask. */
const treeKey = (code: number, hash: number, hasDigit: boolean) =>
  code >= 0 ? -1 - code : code !== LITERAL ? -1_000_000 : hasDigit ? DIGITS_KEY : hash >>> 2;
const messageTreeKey = (tokens: ScannedTokens, j: number) => treeKey(tokens.code[j], tokens.hash[j], tokens.hasDigit[j] === 1);
const HAS_DIGIT = /[0-9]/;

export class PatternIndex {
  private readonly roots = new Map<number, TreeNode>();
  /** How many positions of the pattern `find` returned equal the message's. */
  lastEqual = 0;

  /**
   * The most similar pattern of the message's leaf with at least `needed` equal positions, or null.
   * Ties go to the older pattern.
   */
  find(tokens: ScannedTokens, needed: number): Pattern | null {
    const count = tokens.count;
    let node = this.roots.get(tokens.truncated ? MAX_TOKENS + 1 : count);
    const depth = count < TREE_DEPTH ? count : TREE_DEPTH;
    for (let level = 0; node && level < depth; level++) {
      node = node.children.get(messageTreeKey(tokens, level)) ?? node.wild ?? undefined;
    }
    const candidates = node?.patterns;
    if (!candidates) return null;

    const text = tokens.text;
    const codes = tokens.code;
    const hashes = tokens.hash;
    let best: Pattern | null = null;
    let bestEqual = needed - 1;
    for (let k = 0; k < candidates.length; k++) {
      const pattern = candidates[k];
      if (pattern.nonWildcards <= bestEqual) continue;
      const allowedMisses = count - bestEqual - 1;
      const patternCodes = pattern.code;
      let misses = 0;
      for (let j = 0; j < count; j++) {
        const code = patternCodes[j];
        if (
          code === codes[j] &&
          (code >= 0 || (pattern.hash[j] === hashes[j] && sameText(pattern.text[j], text, tokens.start[j], tokens.end[j])))
        ) {
          continue;
        }
        if (++misses > allowedMisses) break;
      }
      if (misses <= allowedMisses) {
        best = pattern;
        bestEqual = count - misses;
        if (misses === 0) break;
      }
    }
    this.lastEqual = bestEqual;
    return best;
  }

  /** Turns the positions where the message differs from `pattern` into wildcards. */
  generalize(pattern: Pattern, tokens: ScannedTokens): void {
    const text = tokens.text;
    for (let j = 0; j < pattern.size; j++) {
      const code = pattern.code[j];
      if (code === WILDCARD) continue;
      const equal =
        code === tokens.code[j] &&
        (code >= 0 || (pattern.hash[j] === tokens.hash[j] && sameText(pattern.text[j], text, tokens.start[j], tokens.end[j])));
      if (!equal) {
        pattern.code[j] = WILDCARD;
        pattern.hash[j] = 0;
        pattern.text[j] = '';
        pattern.nonWildcards--;
      }
    }
  }

  /** Files a new pattern made from the message in `tokens`. */
  create(tokens: ScannedTokens, maskNames: readonly string[], makeId: (template: string) => string, seq: number, partitionKey: string): Pattern {
    const count = tokens.count;
    const text = tokens.text;
    const codes = new Int32Array(count);
    const hashes = new Int32Array(count);
    const texts: string[] = new Array(count);
    const separators: string[] = new Array(count + 1);
    let previousEnd = 0;
    for (let j = 0; j < count; j++) {
      const code = tokens.code[j];
      codes[j] = code;
      hashes[j] = tokens.hash[j];
      texts[j] = code === LITERAL ? text.slice(tokens.start[j], tokens.end[j]) : maskNames[code];
      separators[j] = text.slice(previousEnd, tokens.start[j]);
      previousEnd = tokens.end[j];
    }
    separators[count] = tokens.truncated ? ' …' : text.slice(previousEnd);
    const specs = Array.from({ length: Math.min(count, TREE_DEPTH) }, (_, level) => specOf(codes[level], texts[level]));
    const path = this.choosePath(count, tokens.truncated, specs.map((_, level) => messageTreeKey(tokens, level)));
    const pathSpecs = specs.map((spec, level) => (path[level] === null ? null : spec));
    const provisional = new Pattern('', seq, partitionKey, count, tokens.truncated, codes, hashes, texts, separators, path, pathSpecs, count);
    const pattern = new Pattern(
      makeId(provisional.render()),
      seq,
      partitionKey,
      count,
      tokens.truncated,
      codes,
      hashes,
      texts,
      separators,
      path,
      pathSpecs,
      count,
    );
    this.file(pattern);
    return pattern;
  }

  /** Rebuilds a pattern from a checkpoint; patterns must be restored in `seq` order. */
  restore(
    stored: { id: string; seq: number; tokens: TokenSpec[]; separators: string[]; truncated: boolean; path: TokenSpec[] },
    maskNames: readonly string[],
    partitionKey: string,
  ): Pattern {
    const size = stored.tokens.length;
    const codes = new Int32Array(size);
    const hashes = new Int32Array(size);
    const texts: string[] = new Array(size);
    let nonWildcards = 0;
    const codeOf = (spec: TokenSpec): [number, number, string] => {
      if (spec === null) return [WILDCARD, 0, ''];
      if (typeof spec === 'string') return [LITERAL, literalHash(spec), spec];
      const index = maskNames.indexOf(spec.mask);
      return index >= 0 ? [index, maskHash(index), spec.mask] : [RETIRED_MASK, 0, spec.mask];
    };
    stored.tokens.forEach((spec, j) => {
      [codes[j], hashes[j], texts[j]] = codeOf(spec);
      if (codes[j] !== WILDCARD) nonWildcards++;
    });
    const path = stored.path.map((spec) => {
      if (spec === null) return null;
      const [code, hash] = codeOf(spec);
      return treeKey(code, hash, typeof spec === 'string' && HAS_DIGIT.test(spec));
    });
    const pattern = new Pattern(
      stored.id,
      stored.seq,
      partitionKey,
      size,
      stored.truncated,
      codes,
      hashes,
      texts,
      stored.separators,
      path,
      stored.path,
      nonWildcards,
    );
    this.file(pattern);
    return pattern;
  }

  remove(pattern: Pattern): void {
    const rootKey = pattern.truncated ? MAX_TOKENS + 1 : pattern.size;
    const trail: TreeNode[] = [];
    let node = this.roots.get(rootKey);
    for (const key of pattern.path) {
      if (!node) break;
      trail.push(node);
      node = key === null ? (node.wild ?? undefined) : node.children.get(key);
    }
    if (!node?.patterns) return;
    const at = node.patterns.indexOf(pattern);
    if (at >= 0) node.patterns.splice(at, 1);
    pattern.leaf = null;
    if (node.patterns.length > 0) return;
    node.patterns = null;
    // Prune nodes left empty, so a full node can take a new child again.
    for (let level = pattern.path.length - 1; level >= 0; level--) {
      const parent = trail[level];
      const key = pattern.path[level];
      const child = key === null ? parent.wild : parent.children.get(key);
      if (!child || child.children.size > 0 || child.wild || child.patterns) return;
      if (key === null) parent.wild = null;
      else parent.children.delete(key);
    }
    const root = this.roots.get(rootKey);
    if (root && root.children.size === 0 && !root.wild && !root.patterns) this.roots.delete(rootKey);
  }

  private choosePath(count: number, truncated: boolean, keys: number[]): Array<number | null> {
    const rootKey = truncated ? MAX_TOKENS + 1 : count;
    let node = this.roots.get(rootKey);
    const path: Array<number | null> = [];
    for (const key of keys) {
      if (!node) {
        path.push(key);
        continue;
      }
      const child = node.children.get(key);
      if (child || node.children.size < MAX_CHILDREN) {
        path.push(key);
        node = child;
      } else {
        path.push(null);
        node = node.wild ?? undefined;
      }
    }
    return path;
  }

  private file(pattern: Pattern): void {
    const rootKey = pattern.truncated ? MAX_TOKENS + 1 : pattern.size;
    let node = this.roots.get(rootKey);
    if (!node) this.roots.set(rootKey, (node = new TreeNode()));
    for (const key of pattern.path) {
      let next: TreeNode | undefined = key === null ? (node.wild ?? undefined) : node.children.get(key);
      if (!next) {
        next = new TreeNode();
        if (key === null) node.wild = next;
        else node.children.set(key, next);
      }
      node = next;
    }
    node.patterns ??= [];
    node.patterns.push(pattern);
    pattern.leaf = node.patterns;
  }
}

function sameText(expected: string, text: string, start: number, end: number): boolean {
  return expected.length === end - start && text.startsWith(expected, start);
}
