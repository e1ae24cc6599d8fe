/**
 * Streaming reader for OCEL 2.0 XML (specification, section "XML format") into an OcelSink:
 *
 *   <log>
 *     <object-types><object-type name><attributes><attribute name type/>...
 *     <event-types><event-type name><attributes><attribute name type/>...
 *     <objects><object id type><attributes><attribute name time>value</attribute>...
 *                              <objects><relationship object-id qualifier/>...   (O2O: dropped)
 *     <events><event id type time><attributes><attribute name>value</attribute>...
 *                                 <objects><relationship object-id qualifier/>... (E2O)
 *
 * Text is fed to saxes chunk by chunk; one object or event is held at a time. Values are text,
 * typed by their declarations. Malformed XML, a root that is not <log>, OCEL 1.0 XML (<global>
 * elements, not supported) and records without id/type raise an ImportError with line, column
 * and the element path.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { throwIfCancelled } from '../progress';
import { ImportError } from './importError';
import type { OcelAttributeDeclaration, OcelSink } from './ocelFlatten';

interface TypeBuf { kind: 'object-type' | 'event-type'; name: string; attributes: OcelAttributeDeclaration[] }
interface ObjectBuf { id: string; type: string; attributes: { name: string; time?: string; value: string }[] }
interface EventBuf { id: string; type?: string; time?: string; attributes: { name: string; value: string }[]; objects: string[]; line: number }

export async function readOcelXml(file: string, input: AsyncIterable<string>, sink: OcelSink, signal?: AbortSignal): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const stack: string[] = [];
  const openedAt: number[] = []; // line of each open element, parallel to `stack`
  // saxes pops an element left unclosed before reporting "unexpected close tag": remember it.
  let lastClosed: { name: string; line: number; field: string } | undefined;
  let sawRoot = false;
  let typeBuf: TypeBuf | undefined;
  let objectBuf: ObjectBuf | undefined;
  let eventBuf: EventBuf | undefined;
  let attr: { name: string; time?: string; text: string } | undefined;

  const fail = (reason: string, field = stack.join('/') || '(document)'): never => {
    throw new ImportError(file, reason, { line: parser.line, column: parser.column + 1, field });
  };
  const required = (tag: SaxesTagPlain, name: string): string => {
    const v = tag.attributes[name];
    if (typeof v !== 'string' || v === '') fail(`<${tag.name}> without a "${name}"`, [...stack, tag.name].join('/'));
    return v as string;
  };

  parser.on('error', (err) => {
    const reason = err.message.replace(/^\d+:\d+: /, '');
    if (/^unexpected close tag/.test(reason) && lastClosed) {
      fail(`unexpected close tag: <${lastClosed.name}> opened on line ${lastClosed.line} is not closed`, lastClosed.field);
    }
    fail(reason);
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const parent = stack[stack.length - 1];
    const grand = stack[stack.length - 2];
    const name = tag.name;
    if (parent === undefined) {
      if (sawRoot) fail('more than one root element');
      sawRoot = true;
      if (name !== 'log') fail(`not an OCEL 2.0 XML file: the root element is <${name}>, expected <log>`, name);
    } else if (stack.length === 1 && (name === 'global' || name === 'ocel:global')) {
      fail('OCEL 1.0 XML is not supported: convert the log to OCEL 2.0 (or OCEL 1.0 JSON)', `log/${name}`);
    } else if ((name === 'object-type' && parent === 'object-types') || (name === 'event-type' && parent === 'event-types')) {
      typeBuf = { kind: name as TypeBuf['kind'], name: required(tag, 'name'), attributes: [] };
    } else if (name === 'object' && parent === 'objects' && stack.length === 2) {
      objectBuf = { id: required(tag, 'id'), type: required(tag, 'type'), attributes: [] };
    } else if (name === 'event' && parent === 'events' && stack.length === 2) {
      const time = tag.attributes.time;
      const type = tag.attributes.type;
      eventBuf = {
        id: required(tag, 'id'),
        ...(typeof type === 'string' ? { type } : {}),
        ...(typeof time === 'string' ? { time } : {}),
        attributes: [], objects: [], line: parser.line,
      };
    } else if (name === 'attribute' && parent === 'attributes') {
      if (typeBuf && (grand === 'object-type' || grand === 'event-type')) {
        const type = tag.attributes.type;
        typeBuf.attributes.push({ name: required(tag, 'name'), ...(typeof type === 'string' ? { type } : {}) });
      } else if ((objectBuf && grand === 'object') || (eventBuf && grand === 'event')) {
        const time = tag.attributes.time;
        attr = { name: required(tag, 'name'), ...(typeof time === 'string' ? { time } : {}), text: '' };
      }
    } else if (name === 'relationship' && parent === 'objects' && grand === 'event' && eventBuf) {
      eventBuf.objects.push(required(tag, 'object-id'));
    }
    stack.push(name);
    openedAt.push(parser.line);
  });

  const onText = (t: string): void => {
    if (attr) attr.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', (tag) => {
    const name = tag.name;
    lastClosed = { name, line: openedAt.pop() ?? parser.line, field: stack.join('/') };
    stack.pop();
    if (name === 'attribute' && attr) {
      if (objectBuf) objectBuf.attributes.push({ name: attr.name, ...(attr.time !== undefined ? { time: attr.time } : {}), value: attr.text });
      else if (eventBuf) eventBuf.attributes.push({ name: attr.name, value: attr.text });
      attr = undefined;
    } else if ((name === 'object-type' || name === 'event-type') && typeBuf && stack.length === 2) {
      if (typeBuf.kind === 'object-type') sink.objectType(typeBuf.name, typeBuf.attributes);
      else sink.eventType(typeBuf.name, typeBuf.attributes);
      typeBuf = undefined;
    } else if (name === 'object' && objectBuf && stack.length === 2) {
      sink.object(objectBuf);
      objectBuf = undefined;
    } else if (name === 'event' && eventBuf && stack.length === 2) {
      sink.event(eventBuf);
      eventBuf = undefined;
    } else if (name === 'objects' && stack.length === 1) {
      sink.objectsEnd();
    }
  });

  let first = true;
  let n = 0;
  for await (const chunk of input) {
    if ((++n & 15) === 0) throwIfCancelled(signal);
    let text = chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    parser.write(text);
  }
  throwIfCancelled(signal);
  parser.close();
  if (!sawRoot) throw new ImportError(file, 'empty file: no OCEL <log> element');
  sink.objectsEnd();
}
