/**
 * Streaming reader for OCEL JSON files into an OcelSink.
 *
 * OCEL 2.0 JSON (specification, section "JSON format"): a top-level object with the arrays
 * `objectTypes` and `eventTypes` ({name, attributes: [{name, type}]}), `objects` ({id, type,
 * attributes: [{name, time, value}], relationships}) and `events` ({id, type, time, attributes:
 * [{name, value}], relationships: [{objectId, qualifier}]}).
 * OCEL 1.0 JSON-OCEL: `ocel:global-log` (`ocel:object-types`), `ocel:objects` (id -> {ocel:type,
 * ocel:ovmap}) and `ocel:events` (id -> {ocel:activity, ocel:timestamp, ocel:omap, ocel:vmap}).
 *
 * The text is parsed incrementally (jsonStream): one object or event is in memory at a time.
 * Object-to-object relations are not needed for flattening and are dropped. Malformed JSON, and
 * records without the fields flattening needs, are ImportErrors with the line and the field.
 */
import { throwIfCancelled } from '../progress';
import { ImportError } from './importError';
import { JsonStreamParser, JsonSyntaxError, type JsonPath, type JsonValue } from './jsonStream';
import type { OcelAttributeDeclaration, OcelSink } from './ocelFlatten';
import type { OcelScalar } from './ocelValues';

type Obj = { [key: string]: JsonValue };

const OCEL2_KEYS = new Set(['objectTypes', 'eventTypes', 'objects', 'events']);
const OCEL1_KEYS = new Set(['ocel:global-log', 'ocel:global-event', 'ocel:global-object', 'ocel:objects', 'ocel:events']);

function isObj(v: JsonValue | undefined): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An attribute entry: an object with a string `name` (others are ignored). */
function named(v: JsonValue): v is Obj & { name: string } {
  return isObj(v) && typeof v.name === 'string';
}

function scalar(v: JsonValue | undefined): OcelScalar {
  if (v === undefined) return null;
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
}

/** Which OCEL JSON version a file is, from its top-level keys. */
export type OcelJsonVersion = '2.0' | '1.0';

export async function readOcelJson(file: string, input: AsyncIterable<string>, sink: OcelSink, signal?: AbortSignal): Promise<OcelJsonVersion> {
  let version: OcelJsonVersion | undefined;
  let line = 1;
  const fail = (reason: string, field: string): never => {
    throw new ImportError(file, reason, { line, field });
  };
  const idOf = (v: JsonValue | undefined, field: string): string => {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
    return fail(v === undefined ? 'missing id' : 'the id is not a string', field);
  };
  const declarations = (v: JsonValue | undefined, field: string): OcelAttributeDeclaration[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return fail('expected an array of attribute declarations', field);
    return v.filter(named).map((a) => ({ name: a.name, ...(typeof a.type === 'string' ? { type: a.type } : {}) }));
  };
  const arrayOf = (v: JsonValue | undefined, field: string): JsonValue[] => {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : fail('expected an array', field);
  };

  const item = (path: JsonPath, v: JsonValue): void => {
    const [section, key] = path;
    const field = `${String(section)}[${typeof key === 'number' ? key : JSON.stringify(key)}]`;
    switch (section) {
      case 'objectTypes':
      case 'eventTypes': {
        if (!isObj(v) || typeof v.name !== 'string') return fail('expected {"name": ..., "attributes": [...]}', field);
        const attrs = declarations(v.attributes, `${field}.attributes`);
        if (section === 'objectTypes') sink.objectType(v.name, attrs);
        else sink.eventType(v.name, attrs);
        return;
      }
      case 'objects': {
        if (!isObj(v)) return fail('expected an object record', field);
        const type = v.type;
        if (typeof type !== 'string' || type === '') return fail('missing object type', `${field}.type`);
        const attributes = arrayOf(v.attributes, `${field}.attributes`).filter(named).map((a) => ({
          name: a.name,
          ...(typeof a.time === 'string' || typeof a.time === 'number' ? { time: a.time } : {}),
          value: scalar(a.value),
        }));
        sink.object({ id: idOf(v.id, `${field}.id`), type, attributes });
        return;
      }
      case 'events': {
        if (!isObj(v)) return fail('expected an event record', field);
        const relationships = arrayOf(v.relationships, `${field}.relationships`);
        const objects: string[] = [];
        for (const r of relationships) if (isObj(r)) objects.push(idOf(r.objectId, `${field}.relationships.objectId`));
        const attributes = arrayOf(v.attributes, `${field}.attributes`).filter(named).map((a) => ({ name: a.name, value: scalar(a.value) }));
        sink.event({
          id: idOf(v.id, `${field}.id`),
          ...(typeof v.type === 'string' ? { type: v.type } : {}),
          ...(typeof v.time === 'string' || typeof v.time === 'number' ? { time: v.time } : {}),
          attributes, objects, line,
        });
        return;
      }
      case 'ocel:global-log':
        if (key === 'ocel:object-types') for (const t of arrayOf(v, field)) if (typeof t === 'string') sink.objectType(t, []);
        return;
      case 'ocel:objects': {
        if (!isObj(v)) return fail('expected an object record', field);
        const type = v['ocel:type'];
        if (typeof type !== 'string' || type === '') return fail('missing ocel:type', `${field}.ocel:type`);
        const ovmap = isObj(v['ocel:ovmap']) ? v['ocel:ovmap'] : {};
        sink.object({ id: String(key), type, attributes: Object.entries(ovmap).map(([name, value]) => ({ name, value: scalar(value) })) });
        return;
      }
      case 'ocel:events': {
        if (!isObj(v)) return fail('expected an event record', field);
        const vmap = isObj(v['ocel:vmap']) ? v['ocel:vmap'] : {};
        const activity = v['ocel:activity'];
        const time = v['ocel:timestamp'];
        sink.event({
          id: String(key),
          ...(typeof activity === 'string' ? { type: activity } : {}),
          ...(typeof time === 'string' || typeof time === 'number' ? { time } : {}),
          attributes: Object.entries(vmap).map(([name, value]) => ({ name, value: scalar(value) })),
          objects: arrayOf(v['ocel:omap'], `${field}.ocel:omap`).map((id) => idOf(id, `${field}.ocel:omap`)),
          line,
        });
        return;
      }
      default:
        return;
    }
  };

  const parser = new JsonStreamParser(2, {
    open(path, kind) {
      if (path.length === 0 && kind !== 'object') fail('not an OCEL file: the top-level JSON value is an array, expected an object', '(document)');
      if (path.length !== 1) return;
      const key = String(path[0]);
      if (OCEL2_KEYS.has(key)) version ??= '2.0';
      else if (OCEL1_KEYS.has(key)) version ??= '1.0';
    },
    close(path) {
      if (path.length === 1 && (path[0] === 'objects' || path[0] === 'ocel:objects')) sink.objectsEnd();
    },
    value(path, v, at) {
      line = at;
      if (path.length === 0) fail('not an OCEL file: the JSON document is not an object', '(document)');
      if (path.length === 2) item(path, v);
    },
  });
  try {
    let n = 0;
    for await (const chunk of input) {
      if ((++n & 15) === 0) throwIfCancelled(signal);
      parser.write(chunk);
    }
    throwIfCancelled(signal);
    parser.end();
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new ImportError(file, `invalid JSON: ${err.reason}`, { line: err.line, column: err.column });
    throw err;
  }
  if (version === undefined) {
    throw new ImportError(file, 'not an OCEL file: none of the keys objectTypes, eventTypes, objects, events (OCEL 2.0) or ocel:events, ocel:objects (OCEL 1.0)');
  }
  sink.objectsEnd();
  return version;
}
