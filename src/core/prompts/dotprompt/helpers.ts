/**
 * The Dotprompt helpers of the "Template content" reference, checked by spec/helpers/*.yaml:
 * `role`, `history`, `section`, `media` (which render markers, see `markers.ts`), `json`
 * (`JSON.stringify`, optional `indent=`), and the blocks `ifEquals` / `unlessEquals` (strict
 * `===`). Values only known at render time are validated here; a bad one throws a
 * {@link TemplateRuntimeError} carrying the template location of the call.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { historyMarker, isMediaToken, mediaMarker, roleMarker, ROLE_NAME, SECTION_NAME, sectionMarker } from './markers';

/** A render-time error from a helper, with its template location (and partial, when in one). */
export class TemplateRuntimeError extends Error {
  partial?: string;
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'TemplateRuntimeError';
  }
}

type Options = HelperOptions & { loc?: { start: { line: number; column: number } } };

/** Handlebars passes the options object last; everything before it is a positional argument. */
function split(args: unknown[]): { params: unknown[]; options: Options } {
  return { params: args.slice(0, -1), options: args[args.length - 1] as Options };
}

function fail(options: Options, message: string): never {
  const start = options.loc?.start;
  throw new TemplateRuntimeError(message, start?.line, start ? start.column + 1 : undefined);
}

function role(...args: unknown[]): string {
  const { params: [name], options } = split(args);
  if (typeof name !== 'string' || !ROLE_NAME.test(name)) {
    fail(options, `{{role}} needs a lowercase role name (user, model, system, tool…), got ${JSON.stringify(name) ?? 'undefined'}`);
  }
  return roleMarker(name);
}

function history(): string {
  return historyMarker();
}

function section(...args: unknown[]): string {
  const { params: [name], options } = split(args);
  if (typeof name !== 'string' || !SECTION_NAME.test(name)) {
    fail(options, `{{section}} needs a name without spaces, got ${JSON.stringify(name) ?? 'undefined'}`);
  }
  return sectionMarker(name);
}

function media(...args: unknown[]): string {
  const { options } = split(args);
  const { url, contentType } = options.hash as { url?: unknown; contentType?: unknown };
  if (typeof url !== 'string' || !url || !isMediaToken(url)) {
    fail(options, `{{media}} needs a url without spaces, got ${JSON.stringify(url) ?? 'undefined'}`);
  }
  if (contentType !== undefined && contentType !== null && contentType !== '') {
    if (typeof contentType !== 'string' || !isMediaToken(contentType)) {
      fail(options, `{{media}} contentType must be a MIME type, got ${JSON.stringify(contentType)}`);
    }
    return mediaMarker(url, contentType);
  }
  return mediaMarker(url);
}

function json(...args: unknown[]): string {
  const { params, options } = split(args);
  if (params.length !== 1) fail(options, `{{json}} takes one value, got ${params.length}`);
  const indent: unknown = (options.hash as { indent?: unknown }).indent;
  if (indent !== undefined && typeof indent !== 'number' && typeof indent !== 'string') {
    fail(options, `{{json}} indent must be a number, got ${JSON.stringify(indent)}`);
  }
  try {
    return JSON.stringify(params[0], null, (indent as number | string | undefined) || 0) ?? '';
  } catch (err) {
    return fail(options, `{{json}} cannot serialise its value: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function equalityBlock(negate: boolean) {
  return function (this: unknown, ...args: unknown[]): string {
    const { params, options } = split(args);
    if (params.length !== 2) fail(options, `{{#${negate ? 'unlessEquals' : 'ifEquals'}}} takes two values, got ${params.length}`);
    return (params[0] === params[1]) !== negate ? options.fn(this) : options.inverse(this);
  };
}

/** The Dotprompt helpers, by name. */
export const DOTPROMPT_HELPERS: Readonly<Record<string, HelperDelegate>> = {
  role,
  history,
  section,
  media,
  json,
  ifEquals: equalityBlock(false),
  unlessEquals: equalityBlock(true),
};
