/**
 * Name globs for tools, agents and span names: `*` any run of characters (names have no path
 * separators, so `**` is the same), `?` one character, `[abc]` / `[a-z]` / `[!abc]` a class,
 * `{a,b}` alternatives; anything else is literal. Matching is case-sensitive and whole-name.
 * A pattern is compiled once to a RegExp; a malformed one (unclosed `[` or `{`) throws GlobError.
 */

export class GlobError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`bad glob "${pattern}": ${reason}`);
    this.name = 'GlobError';
  }
}

const SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;
const escape = (c: string) => c.replace(SPECIAL, '\\$&');

function translate(p: string, from: number, inBraces: boolean): { src: string; end: number } {
  let src = '';
  let i = from;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '*') {
      while (p[i + 1] === '*') i++;
      src += '[\\s\\S]*';
    } else if (c === '?') src += '[\\s\\S]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) throw new GlobError(p, `"[" at ${i + 1} is not closed`);
      let body = p.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      src += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      const alts: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(p, j, true);
        alts.push(part.src);
        if (part.end >= p.length) throw new GlobError(p, `"{" at ${i + 1} is not closed`);
        j = part.end + 1;
        if (p[part.end] === '}') break;
      }
      src += `(?:${alts.join('|')})`;
      i = j - 1;
    } else if (inBraces && (c === ',' || c === '}')) return { src, end: i };
    else if (c === '\\' && i + 1 < p.length) src += escape(p[++i]!);
    else src += escape(c);
    i++;
  }
  return { src, end: i };
}

/** The RegExp of one glob (anchored). */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern, 0, false).src}$`);
}

export type NameMatcher = (name: string | undefined) => boolean;

/**
 * A matcher for one glob or any of several; an undefined name matches only `*` (a pattern made
 * of stars alone), so "every agent" covers steps without an agent too.
 */
export function compileGlobs(patterns: string | readonly string[]): NameMatcher {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const literal = new Set<string>();
  const regexps: RegExp[] = [];
  let any = false;
  for (const p of list) {
    if (/^\*+$/.test(p)) any = true;
    else if (!/[*?[{\\]/.test(p)) literal.add(p);
    else regexps.push(globToRegExp(p));
  }
  if (any) return () => true;
  return (name) => name !== undefined && (literal.has(name) || regexps.some((r) => r.test(name)));
}
