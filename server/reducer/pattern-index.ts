// Patterns and the index that finds the one a message belongs to. In the style of Drain: patterns are
// grouped by token count and then by their first tokens (a fixed-depth tree), and a message is compared
// only with the patterns of its leaf. Similarity is the share of positions where the message's token
// equals the pattern's; a position the pattern has generalized to a wildcard never counts as equal,
// which keeps patterns from drifting into matching everything.
import * as scanner from './scanner';
import type { ScannedTokens } from './scanner';

// Bound once: some bundlers and test runners read every use of an imported name off the module object.
const { LITERAL, MAX_TOKENS, hashLiteral, maskHash } = scanner;

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

/** One position of a pattern: literal text (with its hashes and length), a mask, or a wildcard. */
interface Positions {
  code: Int32Array;
  hash: Int32Array;
  hash2: Int32Array;
  length: Int32Array;
  /** Literal text, or the mask's name for a masked position ('' for a wildcard). */
  text: string[];
}

export class Pattern {
  /** Window bookkeeping, owned by the reducer. */
  window: unknown = undefined;
  /** Neighbours in the partition's and in the reducer-wide least-recently-used lists. */
  newer: Pattern | null = null;
  older: Pattern | null = null;
  globalNewer: Pattern | null = null;
  globalOlder: Pattern | null = null;
  readonly code: Int32Array;
  readonly hash: Int32Array;
  readonly hash2: Int32Array;
  readonly length: Int32Array;
  readonly text: string[];
  readonly size: number;
  nonWildcards: number;

  constructor(
    readonly id: string,
    /** Creation order within the reducer: decides which of two equally similar patterns wins. */
    readonly seq: number,
    readonly partitionKey: string,
    readonly truncated: boolean,
    positions: Positions,
    /** What separates the tokens in the message the pattern was made from: one more than the tokens. */
    readonly separators: readonly string[],
    /** The tree keys the pattern was filed under (null: the wildcard child). */
    readonly path: ReadonlyArray<number | null>,
    /** Those keys as token specs, for checkpoints. */
    readonly pathSpecs: readonly TokenSpec[],
  ) {
    this.code = positions.code;
    this.hash = positions.hash;
    this.hash2 = positions.hash2;
    this.length = positions.length;
    this.text = positions.text;
    this.size = positions.code.length;
    this.nonWildcards = positions.code.reduce((count, code) => (code === WILDCARD ? count : count + 1), 0);
  }

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

  /** Whether position `j` holds the message's token `j`. */
  equalAt(j: number, tokens: ScannedTokens): boolean {
    const code = this.code[j];
    return (
      code === tokens.code[j] &&
      (code >= 0 ||
        (this.hash[j] === tokens.hash[j] && this.hash2[j] === tokens.hash2[j] && this.length[j] === tokens.end[j] - tokens.start[j]))
    );
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

    let best: Pattern | null = null;
    let bestEqual = needed - 1;
    for (let k = 0; k < candidates.length; k++) {
      const pattern = candidates[k];
      if (pattern.nonWildcards <= bestEqual) continue;
      const allowedMisses = count - bestEqual - 1;
      let misses = 0;
      for (let j = 0; j < count; j++) {
        if (!pattern.equalAt(j, tokens) && ++misses > allowedMisses) break;
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
    for (let j = 0; j < pattern.size; j++) {
      if (pattern.code[j] === WILDCARD || pattern.equalAt(j, tokens)) continue;
      pattern.code[j] = WILDCARD;
      pattern.hash[j] = 0;
      pattern.hash2[j] = 0;
      pattern.length[j] = 0;
      pattern.text[j] = '';
      pattern.nonWildcards--;
    }
  }

  /** Files a new pattern made from the message in `tokens`. */
  create(tokens: ScannedTokens, maskNames: readonly string[], makeId: (template: string) => string, seq: number, partitionKey: string): Pattern {
    const count = tokens.count;
    const text = tokens.text;
    const positions: Positions = {
      code: tokens.code.slice(0, count),
      hash: tokens.hash.slice(0, count),
      hash2: tokens.hash2.slice(0, count),
      length: new Int32Array(count),
      text: new Array(count),
    };
    const separators: string[] = new Array(count + 1);
    let previousEnd = 0;
    for (let j = 0; j < count; j++) {
      const code = tokens.code[j];
      positions.length[j] = tokens.end[j] - tokens.start[j];
      positions.text[j] = code === LITERAL ? text.slice(tokens.start[j], tokens.end[j]) : maskNames[code];
      separators[j] = text.slice(previousEnd, tokens.start[j]);
      previousEnd = tokens.end[j];
    }
    separators[count] = tokens.truncated ? ' …' : text.slice(previousEnd);
    const depth = Math.min(count, TREE_DEPTH);
    const path = this.choosePath(count, tokens.truncated, Array.from({ length: depth }, (_, level) => messageTreeKey(tokens, level)));
    const pathSpecs = path.map((key, level) => (key === null ? null : specOf(positions.code[level], positions.text[level])));
    const template = new Pattern('', seq, partitionKey, tokens.truncated, positions, separators, path, pathSpecs).render();
    const pattern = new Pattern(makeId(template), seq, partitionKey, tokens.truncated, positions, separators, path, pathSpecs);
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
    const positions: Positions = {
      code: new Int32Array(size),
      hash: new Int32Array(size),
      hash2: new Int32Array(size),
      length: new Int32Array(size),
      text: new Array(size),
    };
    const describe = (spec: TokenSpec): { code: number; hash: number; hash2: number; text: string } => {
      if (spec === null) return { code: WILDCARD, hash: 0, hash2: 0, text: '' };
      if (typeof spec === 'string') {
        const [hash, hash2] = hashLiteral(spec);
        return { code: LITERAL, hash, hash2, text: spec };
      }
      const index = maskNames.indexOf(spec.mask);
      return index >= 0 ? { code: index, hash: maskHash(index), hash2: 0, text: spec.mask } : { code: RETIRED_MASK, hash: 0, hash2: 0, text: spec.mask };
    };
    stored.tokens.forEach((spec, j) => {
      const position = describe(spec);
      positions.code[j] = position.code;
      positions.hash[j] = position.hash;
      positions.hash2[j] = position.hash2;
      positions.length[j] = typeof spec === 'string' ? spec.length : 0;
      positions.text[j] = position.text;
    });
    const path = stored.path.map((spec) => {
      if (spec === null) return null;
      const { code, hash } = describe(spec);
      return treeKey(code, hash, typeof spec === 'string' && HAS_DIGIT.test(spec));
    });
    const pattern = new Pattern(stored.id, stored.seq, partitionKey, stored.truncated, positions, stored.separators, path, stored.path);
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
    let node = this.roots.get(truncated ? MAX_TOKENS + 1 : count);
    const path: Array<number | null> = [];
    for (const key of keys) {
      const child = node?.children.get(key);
      if (!node || child || node.children.size < MAX_CHILDREN) {
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
  }
}
