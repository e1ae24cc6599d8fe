/**
 * The details pane of one step: timing, model, tokens, cost, status, then the body loaded on
 * demand — messages role by role, tool name with arguments and result as formatted JSON, retrieved
 * documents, free-form input/output, raw attributes. Model output and tool results are hostile by
 * default: everything is a text node.
 */
import type { SpanBody, SpanHead, StepFlag } from '../../src/protocol/traceReview';
import type { TraceMessage } from '../../src/core/traces/types';
import { clear, h } from '../shared/dom';
import { formatCount, formatDuration } from '../shared/format';

export function formatUsd(v: number | undefined): string {
  if (v === undefined) return 'unknown';
  if (v === 0) return '$0';
  return v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(3)}`;
}

/** Pretty JSON when the text is JSON, the text itself otherwise. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export interface DetailsActions {
  openRaw(): void;
  /** Symbol search for a tool or agent name. */
  openSymbol(name: string): void;
  /** Find the prompt file this step's prompt came from. */
  openPrompt(): void;
  /** Select another step (a flag's related step). */
  select(spanId: string): void;
}

export function renderDetails(
  el: HTMLElement, span: SpanHead, body: SpanBody | undefined, flags: readonly StepFlag[], actions: DetailsActions, review?: HTMLElement,
): void {
  clear(el);
  const rows: [string, string][] = [['Kind', span.kind], ['Status', span.status === 'error' ? `error${span.statusMessage ? `: ${span.statusMessage}` : ''}` : span.status]];
  if (span.start !== undefined) rows.push(['Start', new Date(span.start).toISOString()]);
  rows.push(['Latency', span.start !== undefined && span.end !== undefined ? formatDuration(span.end - span.start) : 'unknown']);
  if (span.agentName) rows.push(['Agent', span.agentName]);
  const model = span.responseModel ?? span.requestModel;
  if (model) rows.push(['Model', `${model}${span.provider ? ` (${span.provider})` : ''}`]);
  if (span.inputTokens !== undefined || span.outputTokens !== undefined) {
    rows.push(['Tokens in / out', `${span.inputTokens === undefined ? '?' : formatCount(span.inputTokens)} / ${span.outputTokens === undefined ? '?' : formatCount(span.outputTokens)}`]);
  }
  if (span.cachedInputTokens !== undefined) rows.push(['Cached input tokens', formatCount(span.cachedInputTokens)]);
  if (span.reasoningTokens !== undefined) rows.push(['Reasoning tokens', formatCount(span.reasoningTokens)]);
  if (span.kind === 'llm' || span.costUsd !== undefined) rows.push(['Cost', `${formatUsd(span.costUsd)}${span.costSource ? ` (${span.costSource === 'trace' ? 'from the trace' : 'pricing table'})` : ''}`]);
  if (span.toolName) rows.push(['Tool', span.toolName]);
  const raw = h('button', { type: 'button', 'data-testid': 'open-raw', title: 'Open this span as JSON in an editor tab' }, 'Raw JSON');
  raw.addEventListener('click', actions.openRaw);
  const linkFor = (label: string, name: string) => {
    const b = h('button', { type: 'button', class: 'link-button', 'data-testid': `goto-${label.toLowerCase()}`, title: `Find where ${label.toLowerCase()} "${name}" is defined in the workspace` }, 'go to definition');
    b.addEventListener('click', () => actions.openSymbol(name));
    return b;
  };
  const table = h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v,
    k === 'Tool' && span.toolName ? linkFor('Tool', span.toolName) : null,
    k === 'Agent' && span.agentName ? linkFor('Agent', span.agentName) : null))));
  el.append(h('div', { class: 'details-head' }, h('h2', { 'data-testid': 'step-title' }, span.name), raw), table);
  for (const f of flags) {
    const p = h('p', { class: `flag flag-${f.severity}`, 'data-testid': 'step-flag' }, `${f.kind}${f.ruleId ? ` (${f.ruleId})` : ''}: ${f.message}`);
    const related = f.relatedSpanId;
    if (related) {
      const b = h('button', { type: 'button', class: 'link-button', 'data-testid': 'flag-related' }, f.kind === 'injection' ? 'step that acted on it' : 'step that carried it');
      b.addEventListener('click', () => actions.select(related));
      p.append(' ', b);
    }
    el.append(p);
  }
  if (review) el.append(section('Review this step', review));
  if (!body) {
    el.append(h('p', { class: 'muted' }, 'Loading…'));
    return;
  }
  if (body.inputMessages?.length) {
    const s = section('Input messages', messages(body.inputMessages));
    if (body.inputMessages.some((m) => m.role === 'system' || m.role === 'developer')) {
      const b = h('button', { type: 'button', class: 'link-button', 'data-testid': 'open-prompt', title: 'Open the workspace prompt file this system prompt came from' }, 'find prompt file');
      b.addEventListener('click', actions.openPrompt);
      s.querySelector('h3')?.append(' ', b);
    }
    el.append(s);
  }
  if (body.outputMessages?.length) el.append(section('Output messages', messages(body.outputMessages)));
  if (body.toolArguments !== undefined) el.append(section('Tool arguments', pre(prettyJson(body.toolArguments), 'tool-arguments')));
  if (body.toolResult !== undefined) el.append(section('Tool result', pre(prettyJson(body.toolResult), 'tool-result')));
  if (body.input !== undefined && !body.inputMessages?.length) el.append(section('Input', pre(prettyJson(body.input))));
  if (body.output !== undefined && !body.outputMessages?.length) el.append(section('Output', pre(prettyJson(body.output))));
  if (body.documents?.length) {
    el.append(section(`Retrieved documents (${body.documents.length})`, h('ol', { class: 'documents' },
      ...body.documents.map((d) => h('li', {}, h('div', { class: 'muted' }, `${d.id ?? ''}${d.score !== undefined ? ` · score ${d.score}` : ''}`), pre(d.content))))));
  }
  if (body.attributes && Object.keys(body.attributes).length) el.append(section('Attributes', pre(JSON.stringify(body.attributes, null, 2))));
}

function section(title: string, content: Node): HTMLElement {
  return h('section', { class: 'body-section' }, h('h3', {}, title), content);
}

function pre(text: string, testid?: string): HTMLElement {
  return h('pre', { class: 'code', 'data-testid': testid }, text);
}

function messages(list: readonly TraceMessage[]): HTMLElement {
  return h('div', { class: 'messages', 'data-testid': 'messages' }, ...list.map((m) => h('div', { class: `message role-${cssIdent(m.role)}` },
    h('div', { class: 'role' }, m.name ? `${m.role} · ${m.name}` : m.role),
    m.content ? h('div', { class: 'content' }, m.content) : null,
    ...(m.toolCalls ?? []).map((c) => h('div', { class: 'tool-call' }, h('span', { class: 'tool-name' }, `→ ${c.name}`), pre(prettyJson(c.arguments)))),
  )));
}

function cssIdent(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]/g, '');
}
