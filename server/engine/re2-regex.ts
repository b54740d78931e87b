import RE2 from 're2';
import type { CompiledRegex } from './operator';

/** RE2-backed regexes for operators; throws a SyntaxError for patterns RE2 cannot compile. */
export function compileRegex(pattern: string, flags = ''): CompiledRegex {
  const re = new RE2(pattern, flags);
  return {
    get lastIndex() {
      return re.lastIndex;
    },
    set lastIndex(value: number) {
      re.lastIndex = value;
    },
    source: re.source,
    flags: re.flags,
    test: (text) => re.test(text),
    exec: (text) => re.exec(text),
    replace: (text, replacement) => text.replace(re as unknown as RegExp, replacement as string),
  };
}
