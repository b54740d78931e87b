import { describe, it, expect } from 'vitest';
import { formatEdge, parseEdge } from './edges';

function parsed(text: string) {
  const result = parseEdge(text);
  if (!result.ok) throw new Error(`expected '${text}' to parse, got: ${result.message}`);
  return result.edge;
}

function failure(text: string) {
  const result = parseEdge(text);
  if (result.ok) throw new Error(`expected '${text}' to be rejected`);
  return result.message;
}

describe('parseEdge', () => {
  it('reads a bare edge between two vertices', () => {
    expect(parsed('source -> sink')).toEqual({ from: 'source', to: 'sink' });
  });

  it('reads ports on both sides', () => {
    expect(parsed('branch:else -> sink:in')).toEqual({ from: 'branch', fromPort: 'else', to: 'sink', toPort: 'in' });
  });

  it('reads a port on one side only', () => {
    expect(parsed('branch:default -> parser')).toEqual({ from: 'branch', fromPort: 'default', to: 'parser' });
    expect(parsed('parser -> sink:in')).toEqual({ from: 'parser', to: 'sink', toPort: 'in' });
  });

  it('tolerates missing or extra whitespace around names, ports and the arrow', () => {
    expect(parsed('a->b')).toEqual({ from: 'a', to: 'b' });
    expect(parsed('  a   ->\tb:in  ')).toEqual({ from: 'a', to: 'b', toPort: 'in' });
    expect(parsed('a : out -> b')).toEqual({ from: 'a', fromPort: 'out', to: 'b' });
  });

  it('rejects text without an arrow', () => {
    expect(failure('source sink')).toContain("expected 'source -> destination'");
    expect(failure('')).toContain("expected 'source -> destination'");
    expect(failure('a => b')).toContain("'->'");
  });

  it('rejects a chain of several arrows', () => {
    expect(failure('a -> b -> c')).toContain("single '->'");
  });

  it('rejects an empty vertex name on either side', () => {
    expect(failure(' -> sink')).toBe("empty vertex name before '->'");
    expect(failure('source ->   ')).toBe("empty vertex name after '->'");
    expect(failure(':out -> sink')).toContain("empty vertex name before '->'");
  });

  it('rejects an empty port name after a colon', () => {
    expect(failure('branch: -> sink')).toContain("empty port name after 'branch:'");
    expect(failure('branch -> sink:')).toContain("empty port name after 'sink:'");
  });

  it('rejects more than one colon on a side', () => {
    expect(failure('a:b:c -> d')).toContain("more than one ':'");
  });

  it('rejects whitespace inside a vertex or port name', () => {
    expect(failure('my source -> sink')).toContain("'my source'");
    expect(failure('a:my port -> sink')).toContain("'my port'");
  });

  it('rejects a value that is not a string instead of throwing', () => {
    expect(parseEdge(42 as unknown as string).ok).toBe(false);
  });
});

describe('formatEdge', () => {
  it('writes the canonical form with both ports', () => {
    expect(formatEdge({ from: 'a', fromPort: 'out', to: 'b', toPort: 'in' })).toBe('a:out -> b:in');
  });

  it('leaves out absent ports', () => {
    expect(formatEdge({ from: 'a', to: 'b' })).toBe('a -> b');
    expect(formatEdge({ from: 'a', fromPort: 'else', to: 'b' })).toBe('a:else -> b');
  });

  it('round-trips with parseEdge', () => {
    for (const text of ['a -> b', 'a:out -> b', 'a -> b:in', 'a:out -> b:in']) {
      expect(formatEdge(parsed(text))).toBe(text);
      expect(formatEdge(parsed(text.replace(/ /g, '')))).toBe(text);
    }
  });
});
