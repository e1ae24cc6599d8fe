/**
 * Flattening of an object-centric event log (OCEL 2.0, https://www.ocel-standard.org, section 4
 * "Metamodel"; OCEL 1.0 maps onto the same records) on one object type, with PM4Py's
 * `ocel_flattening` semantics (pm4py.objects.ocel.util.flattening.flatten):
 *   - each object of the chosen type that has at least one related event becomes a case named
 *     after the object's id;
 *   - its events are all the events related to it (event-to-object relations; one copy per event
 *     even when the relation repeats with other qualifiers), ordered by time, ties in input order;
 *   - activity = the event type; the event's attributes are kept, plus `ocel:eid` (its id);
 *   - the object's attributes become case attributes, with their initial value (the value with
 *     the earliest time; OCEL 2.0 records later changes, which a case attribute cannot hold).
 *
 * The encodings' readers (JSON, XML, SQLite) push declarations, objects and events into an
 * OcelCollector. Memory: one small record per object; events are kept only when they relate to
 * an object of the chosen type, and, when the events arrive before the objects section has been
 * read (allowed by JSON), all of them until it has.
 */
import type { AttributeType, TypedAttribute } from '../db/types';
import { throwIfCancelled } from '../progress';
import type { LogBuilder } from './logBuilder';
import { declaredOcelType, ocelAttributeValue, type OcelScalar } from './ocelValues';
import { TimestampInterpreter } from './timestamps';

export interface OcelAttributeDeclaration {
  readonly name: string;
  readonly type?: string;
}

export interface OcelObjectRecord {
  readonly id: string;
  readonly type: string;
  /** Attribute values; OCEL 2.0 gives each a time (value changes), OCEL 1.0 does not. */
  readonly attributes: readonly { readonly name: string; readonly time?: string | number; readonly value: OcelScalar }[];
}

export interface OcelEventRecord {
  readonly id: string;
  /** The event type (activity); undefined or '' = missing. */
  readonly type?: string;
  readonly time?: string | number;
  readonly attributes: readonly { readonly name: string; readonly value: OcelScalar }[];
  /** Ids of the related objects (E2O), repeats allowed. */
  readonly objects: readonly string[];
  /** Where the event is: 1-based line (JSON, XML) or row (SQLite). */
  readonly line: number;
}

/** What the encoding readers call, in file order. */
export interface OcelSink {
  objectType(name: string, attributes: readonly OcelAttributeDeclaration[]): void;
  eventType(name: string, attributes: readonly OcelAttributeDeclaration[]): void;
  object(o: OcelObjectRecord): void;
  /** The objects section is complete (events after this are filtered as they arrive). */
  objectsEnd(): void;
  event(e: OcelEventRecord): void;
}

/** One object type, as offered for flattening. */
export interface OcelObjectTypeSummary {
  readonly type: string;
  /** Objects of this type. */
  readonly objects: number;
  /** Events of the flattened log: event-to-object relations to objects of this type. */
  readonly events: number;
}

/** Values the readers give as text (XML) are typed like CSV cells when undeclared. */
export interface OcelCollectorOptions {
  readonly objectType?: string;
  readonly textualValues?: boolean;
}

interface KeptEvent {
  readonly record: OcelEventRecord;
  readonly index: number;
  readonly time: number | undefined;
  /** Related objects of the chosen type, each once. */
  readonly related: readonly string[];
}

interface ObjectState {
  readonly type: string;
  readonly attributes?: OcelObjectRecord['attributes'];
}

function distinct(ids: readonly string[]): readonly string[] {
  return ids.length < 2 ? ids : [...new Set(ids)];
}

export class OcelCollector implements OcelSink {
  /** The object type to flatten on; undefined when only counting (listOcelObjectTypes). */
  readonly chosenType: string | undefined;
  private readonly textual: boolean;
  private readonly declaredTypes: string[] = [];
  private readonly objectAttrTypes = new Map<string, Map<string, AttributeType | undefined>>();
  private readonly eventAttrTypes = new Map<string, Map<string, AttributeType | undefined>>();
  private readonly objects = new Map<string, ObjectState>();
  private readonly objectCounts = new Map<string, number>();
  private readonly eventCounts = new Map<string, number>();
  private readonly times = new TimestampInterpreter();
  private objectsComplete = false;
  private pending: { record: OcelEventRecord; index: number }[] = [];
  private readonly kept: KeptEvent[] = [];
  private nextIndex = 0;
  /** Event-to-object relations naming an object that is not in the log. */
  unknownObjectRefs = 0;
  events = 0;

  constructor(opts: OcelCollectorOptions = {}) {
    this.chosenType = opts.objectType;
    this.textual = opts.textualValues ?? false;
  }

  objectType(name: string, attributes: readonly OcelAttributeDeclaration[]): void {
    if (!this.objectAttrTypes.has(name)) {
      this.declaredTypes.push(name);
      this.objectAttrTypes.set(name, new Map());
    }
    const m = this.objectAttrTypes.get(name)!;
    for (const a of attributes) m.set(a.name, declaredOcelType(a.type));
  }

  eventType(name: string, attributes: readonly OcelAttributeDeclaration[]): void {
    const m = this.eventAttrTypes.get(name) ?? new Map<string, AttributeType | undefined>();
    this.eventAttrTypes.set(name, m);
    for (const a of attributes) m.set(a.name, declaredOcelType(a.type));
  }

  object(o: OcelObjectRecord): void {
    const previous = this.objects.get(o.id);
    if (previous) this.objectCounts.set(previous.type, (this.objectCounts.get(previous.type) ?? 1) - 1);
    this.objects.set(o.id, o.type === this.chosenType ? { type: o.type, attributes: o.attributes } : { type: o.type });
    this.objectCounts.set(o.type, (this.objectCounts.get(o.type) ?? 0) + 1);
  }

  objectsEnd(): void {
    if (this.objectsComplete) return;
    this.objectsComplete = true;
    for (const p of this.pending) this.account(p.record, p.index);
    this.pending = [];
  }

  event(e: OcelEventRecord): void {
    this.events++;
    const index = this.nextIndex++;
    if (this.objectsComplete) this.account(e, index);
    else this.pending.push({ record: e, index });
  }

  private account(e: OcelEventRecord, index: number): void {
    const related: string[] = [];
    for (const id of distinct(e.objects)) {
      const o = this.objects.get(id);
      if (!o) {
        this.unknownObjectRefs++;
        continue;
      }
      this.eventCounts.set(o.type, (this.eventCounts.get(o.type) ?? 0) + 1);
      if (o.type === this.chosenType) related.push(id);
    }
    if (related.length === 0) return;
    const time = e.time === undefined || e.time === '' ? undefined : this.times.parse(String(e.time));
    this.kept.push({ record: e, index, time, related });
  }

  /** The object types: declared ones in declaration order, then undeclared ones as met. */
  objectTypes(): OcelObjectTypeSummary[] {
    this.objectsEnd();
    const names = [...this.declaredTypes];
    for (const t of this.objectCounts.keys()) if (!this.objectAttrTypes.has(t)) names.push(t);
    return names.map((type) => ({ type, objects: this.objectCounts.get(type) ?? 0, events: this.eventCounts.get(type) ?? 0 }));
  }

  /** The initial value of each attribute of an object of the chosen type. */
  private caseAttributes(attributes: OcelObjectRecord['attributes'] | undefined, declared: Map<string, AttributeType | undefined> | undefined): TypedAttribute[] {
    if (!attributes || attributes.length === 0) return [];
    const first = new Map<string, { time: number; value: OcelScalar }>();
    for (const a of attributes) {
      const t = a.time === undefined || a.time === '' ? -Infinity : (this.times.parse(String(a.time)) ?? -Infinity);
      const seen = first.get(a.name);
      if (!seen || t < seen.time) first.set(a.name, { time: t, value: a.value });
    }
    const out: TypedAttribute[] = [];
    for (const [key, { value }] of first) {
      const typed = ocelAttributeValue(declared?.get(key), value, this.textual);
      if (typed) out.push({ key, ...typed });
    }
    return out;
  }

  private eventAttributes(e: OcelEventRecord): TypedAttribute[] {
    const declared = e.type !== undefined ? this.eventAttrTypes.get(e.type) : undefined;
    const out: TypedAttribute[] = [];
    for (const a of e.attributes) {
      const typed = ocelAttributeValue(declared?.get(a.name), a.value, this.textual);
      if (typed) out.push({ key: a.name, ...typed });
    }
    out.push({ key: 'ocel:eid', type: 'string', value: e.id });
    return out;
  }

  /**
   * Writes the flattened log into the builder: cases in object order, each case's events by
   * time (events without a time last), ties in input order. Objects without events are counted
   * as empty traces.
   */
  flattenInto(builder: LogBuilder, signal?: AbortSignal): void {
    this.objectsEnd();
    const byObject = new Map<string, KeptEvent[]>();
    for (const k of this.kept) {
      for (const id of k.related) {
        const list = byObject.get(id);
        if (list) list.push(k);
        else byObject.set(id, [k]);
      }
    }
    const declared = this.chosenType !== undefined ? this.objectAttrTypes.get(this.chosenType) : undefined;
    let n = 0;
    for (const [id, o] of this.objects) {
      if (o.type !== this.chosenType) continue;
      if ((++n & 1023) === 0) throwIfCancelled(signal);
      const events = byObject.get(id);
      if (!events) {
        builder.quality.emptyTraces++;
        continue;
      }
      events.sort((a, b) => {
        if (a.time === undefined || b.time === undefined) return a.time === b.time ? a.index - b.index : a.time === undefined ? 1 : -1;
        return a.time - b.time || a.index - b.index;
      });
      let attrs: TypedAttribute[] | undefined;
      for (const k of events) {
        const e = k.record;
        const time = e.time === undefined ? undefined : String(e.time);
        builder.addEvent(id, { activity: e.type, timestamp: time, attributes: this.eventAttributes(e), line: e.line }, () => (attrs ??= this.caseAttributes(o.attributes, declared)));
      }
      byObject.delete(id);
    }
  }
}
