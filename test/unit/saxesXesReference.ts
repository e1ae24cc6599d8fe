/**
 * TEST REFERENCE ONLY: Tracemine's former XES reader, built on saxes (a complete XML 1.0 parser).
 * The production reader (src/core/ingest/xesReader.ts) has its own tokenizer, specialised for
 * XES; test/unit/xesTokenizer.test.ts reads the same documents, valid and malformed, with both
 * and checks they agree (traces, events, attributes; error line, column and element path).
 *
 * Streaming reader for XES (IEEE 1849) event logs.
 *
 * Text chunks are fed to saxes as they arrive; one trace at a time is held in memory and handed
 * to `onTrace` when its </trace> closes. Recognised content:
 *   - <log> attributes (to `onLogAttribute`), <trace> attributes (case attributes; the trace's
 *     concept:name is the case id), <event> attributes (concept:name = activity, time:timestamp,
 *     org:resource, lifecycle:transition, start_timestamp (interval logs, PM4Py's key), everything
 *     else a typed event attribute);
 *   - attribute elements <string> <date> <int> <float> <boolean> <id>, and nested <list> /
 *     <container> (kept as one `list` attribute holding JSON of their children);
 *   - <extension>, <global>, <classifier>, meta-attributes nested in scalar attributes and any
 *     unknown element are skipped.
 * Malformed XML, a root that is not <log>, or an attribute without `key` raise an ImportError
 * with the file, line, column and the element concerned.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { AttributeType, TypedAttribute } from '../../src/core/db/types';
import { throwIfCancelled } from '../../src/core/progress';
import { ImportError } from '../../src/core/ingest/importError';
import type { ParsedEvent } from '../../src/core/ingest/logBuilder';
import { parseDateTime } from '../../src/core/ingest/timestamps';

interface ParsedTrace {
  /** The trace's concept:name, when it has one. */
  readonly name?: string;
  readonly attributes: readonly TypedAttribute[];
  readonly events: readonly ParsedEvent[];
  /** 1-based line of the <trace> element. */
  readonly line: number;
}

interface XesHandlers {
  onLogAttribute(attribute: TypedAttribute): void;
  onTrace(trace: ParsedTrace): void;
}

const ATTRIBUTE_ELEMENTS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);

interface TraceBuf { name?: string; attributes: TypedAttribute[]; events: ParsedEvent[]; line: number }
interface EventBuf { activity?: string; timestamp?: string; startTimestamp?: string; resource?: string; lifecycle?: string; attributes: TypedAttribute[]; line: number }
interface JsonAttr { key: string; type: AttributeType; value: string | number }

type Frame =
  | { kind: 'log'; name: string }
  | { kind: 'trace'; name: string; trace: TraceBuf }
  | { kind: 'event'; name: string; event: EventBuf }
  | { kind: 'attr'; name: string; key: string; value: string; children?: JsonAttr[] }
  | { kind: 'values'; name: string }
  | { kind: 'skip'; name: string };

/** What an element becomes, given its parent: unknown and unwanted elements are skipped whole. */
function childKind(parent: Frame, name: string): 'trace' | 'event' | 'attr' | 'values' | 'skip' {
  const isAttr = ATTRIBUTE_ELEMENTS.has(name);
  switch (parent.kind) {
    case 'log': // besides traces and attributes: extension, global, classifier, events outside traces
      return name === 'trace' ? 'trace' : isAttr ? 'attr' : 'skip';
    case 'trace':
      return name === 'event' ? 'event' : isAttr ? 'attr' : 'skip';
    case 'event':
    case 'values':
      return isAttr ? 'attr' : 'skip';
    case 'attr': // only lists and containers have attribute children; a scalar's are meta-attributes
      if (!parent.children) return 'skip';
      return isAttr ? 'attr' : name === 'values' ? 'values' : 'skip';
    default:
      return 'skip';
  }
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Converts an XES attribute element's text value to a typed value; bad values stay text. */
function typedXesValue(element: string, value: string): { type: AttributeType; value: string | number } {
  switch (element) {
    case 'date': {
      const d = parseDateTime(value);
      return d ? { type: 'date', value: d.time } : { type: 'string', value };
    }
    case 'int': {
      const t = value.trim();
      if (/^[+-]?\d+$/.test(t) && Number.isSafeInteger(Number(t))) return { type: 'int', value: Number(t) };
      return { type: 'string', value };
    }
    case 'float': {
      const v = Number(value.trim());
      return value.trim() !== '' && Number.isFinite(v) ? { type: 'float', value: v } : { type: 'string', value };
    }
    case 'boolean': {
      const t = value.trim().toLowerCase();
      return t === 'true' || t === 'false' ? { type: 'boolean', value: t === 'true' ? 1 : 0 } : { type: 'string', value };
    }
    case 'id':
      return { type: 'id', value };
    default:
      return { type: 'string', value };
  }
}

export async function readXesWithSaxes(file: string, input: AsyncIterable<string>, handlers: XesHandlers, signal?: AbortSignal): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const stack: Frame[] = [];
  const openedAt: number[] = []; // line of each open element, parallel to `stack`
  let sawRoot = false;
  // saxes pops an element left unclosed before reporting "unexpected close tag": remember it.
  let lastClosed: { frame: Frame | undefined; name: string; line: number } | undefined;

  const describe = (f: Frame): string => (f.kind === 'attr' ? `${f.name}[key="${f.key}"]` : f.name);
  const fieldOf = (extra?: Frame): string => {
    const parts = (extra ? [...stack, extra] : stack).map(describe);
    return parts.length > 0 ? parts.join('/') : '(document)';
  };
  const fail = (reason: string, field = fieldOf()): never => {
    throw new ImportError(file, reason, { line: parser.line, column: parser.column + 1, field });
  };

  parser.on('error', (err) => {
    const reason = err.message.replace(/^\d+:\d+: /, '');
    if (/^unexpected close tag/.test(reason) && lastClosed) {
      fail(`unexpected close tag: <${lastClosed.name}> opened on line ${lastClosed.line} is not closed`, fieldOf(lastClosed.frame));
    }
    fail(reason);
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    openedAt.push(parser.line);
    const name = localName(tag.name);
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (sawRoot) fail('more than one root element');
      sawRoot = true;
      if (name !== 'log') fail(`not an XES event log: the root element is <${tag.name}>, expected <log>`, tag.name);
      stack.push({ kind: 'log', name });
      return;
    }
    switch (childKind(parent, name)) {
      case 'trace':
        stack.push({ kind: 'trace', name, trace: { attributes: [], events: [], line: parser.line } });
        return;
      case 'event':
        stack.push({ kind: 'event', name, event: { attributes: [], line: parser.line } });
        return;
      case 'values':
        stack.push({ kind: 'values', name });
        return;
      case 'skip':
        stack.push({ kind: 'skip', name });
        return;
      case 'attr': {
        const key = tag.attributes.key;
        if (typeof key !== 'string') {
          stack.push({ kind: 'skip', name });
          fail(`<${name}> attribute element without a "key"`);
        }
        const value = tag.attributes.value;
        const frame: Frame = { kind: 'attr', name, key, value: typeof value === 'string' ? value : '' };
        if (name === 'list' || name === 'container') frame.children = [];
        stack.push(frame);
        return;
      }
    }
  });

  parser.on('closetag', (tag) => {
    const frame = stack.pop();
    lastClosed = { frame, name: tag.name, line: openedAt.pop() ?? parser.line };
    if (!frame) return;
    const owner = stack[stack.length - 1];
    if (frame.kind === 'trace') {
      handlers.onTrace(frame.trace);
      return;
    }
    if (frame.kind === 'event') {
      if (owner?.kind === 'trace') owner.trace.events.push(frame.event);
      return;
    }
    if (frame.kind !== 'attr' || !owner) return;
    const typed: JsonAttr = frame.children
      ? { key: frame.key, type: 'list', value: JSON.stringify(frame.children) }
      : { key: frame.key, ...typedXesValue(frame.name, frame.value) };
    const listOwner = owner.kind === 'values' ? stack[stack.length - 2] : owner;
    switch (listOwner?.kind) {
      case 'log':
        handlers.onLogAttribute(typed);
        break;
      case 'trace':
        if (frame.key === 'concept:name' && !frame.children) listOwner.trace.name = frame.value;
        else listOwner.trace.attributes.push(typed);
        break;
      case 'event': {
        const e = listOwner.event;
        if (frame.children) e.attributes.push(typed);
        else if (frame.key === 'concept:name') e.activity = frame.value;
        else if (frame.key === 'time:timestamp') e.timestamp = frame.value;
        else if (frame.key === 'start_timestamp') e.startTimestamp = frame.value;
        else if (frame.key === 'org:resource') e.resource = frame.value;
        else if (frame.key === 'lifecycle:transition') e.lifecycle = frame.value;
        else e.attributes.push(typed);
        break;
      }
      case 'attr':
        listOwner.children?.push(typed);
        break;
      default:
        break;
    }
  });

  let first = true;
  for await (const chunk of input) {
    throwIfCancelled(signal);
    let text = chunk as string;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    parser.write(text);
  }
  throwIfCancelled(signal);
  parser.close();
  if (!sawRoot) throw new ImportError(file, 'empty file: no XES <log> element');
}
