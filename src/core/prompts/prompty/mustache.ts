/**
 * The `mustache` renderer (spec §5.4 step 3, §5.6) on mustache.js. Variables are HTML-escaped as
 * the Mustache spec requires (`{{{x}}}` or `{{&x}}` print raw); the v1 `basic.mustache` sample
 * expects this (`'` → `&#39;`). No partials: a template cannot reach other files.
 */
import Mustache from 'mustache';
import { PromptError } from '../types';
import type { RenderWhere } from './jinja';

function lineAt(template: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < template.length; i++) if (template[i] === '\n') line++;
  return line;
}

export function renderMustache(template: string, inputs: Readonly<Record<string, unknown>>, where: RenderWhere): string {
  try {
    // A fresh Writer: its parse cache lives and dies with this render.
    return new Mustache.Writer().render(template, inputs, {});
  } catch (e) {
    const message = (e as Error).message;
    const at = / at (\d+)\s*$/.exec(message);
    const line = at ? where.line + lineAt(template, Number(at[1])) - 1 : where.line;
    throw new PromptError(`Template syntax error: ${message}`, where.path, line);
  }
}
