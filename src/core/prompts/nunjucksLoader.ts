/**
 * nunjucks, loaded on first use only. Loading it defines `SafeString`, an object inheriting from
 * `String.prototype` with its own `length`, which switches off V8 fast paths for string operations
 * in the whole process: XES parsing in `tracemine mine` ran 35% slower with nunjucks merely loaded.
 * So a process that never renders a Jinja or promptfoo template never loads it.
 */
import type * as Nunjucks from 'nunjucks';

let loaded: typeof Nunjucks | undefined;

export function nunjucks(): typeof Nunjucks {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('nunjucks') as typeof Nunjucks;
  return loaded;
}
