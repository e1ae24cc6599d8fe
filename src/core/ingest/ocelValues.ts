/**
 * OCEL attribute values to typed attributes. OCEL 2.0 (specification, section 4 "Metamodel" and
 * the attribute type list of the JSON/XML/SQLite formats) declares each event and object
 * attribute with one of: string, time, integer, float, boolean. A value is typed by its
 * declaration; a value that does not fit its declaration, and values of undeclared attributes,
 * are typed by what they are (JSON / SQLite value types; XML text as a CSV cell would be).
 */
import type { AttributeType } from '../db/types';
import { inferCsvValue } from './csvReader';
import { parseDateTime } from './timestamps';

export type OcelScalar = string | number | boolean | null;

/** A declared attribute type, normalised: OCEL names plus the usual SQL spellings. */
export function declaredOcelType(t: string | undefined): AttributeType | undefined {
  switch ((t ?? '').trim().toLowerCase()) {
    case 'string': case 'text': case 'varchar':
      return 'string';
    case 'integer': case 'int': case 'bigint':
      return 'int';
    case 'float': case 'double': case 'real': case 'numeric':
      return 'float';
    case 'boolean': case 'bool':
      return 'boolean';
    case 'time': case 'date': case 'datetime': case 'timestamp':
      return 'date';
    default:
      return undefined;
  }
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function asDeclared(type: AttributeType, raw: string | number | boolean): { type: AttributeType; value: string | number } | undefined {
  switch (type) {
    case 'string':
      return { type: 'string', value: String(raw) };
    case 'int':
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return { type: 'int', value: raw };
      if (typeof raw === 'string' && INT.test(raw.trim()) && Number.isSafeInteger(Number(raw))) return { type: 'int', value: Number(raw) };
      return undefined;
    case 'float':
      if (typeof raw === 'number' && Number.isFinite(raw)) return { type: 'float', value: raw };
      if (typeof raw === 'string' && FLOAT.test(raw.trim())) return { type: 'float', value: Number(raw) };
      return undefined;
    case 'boolean': {
      if (typeof raw === 'boolean') return { type: 'boolean', value: raw ? 1 : 0 };
      const t = String(raw).trim().toLowerCase();
      if (t === 'true' || t === '1') return { type: 'boolean', value: 1 };
      if (t === 'false' || t === '0') return { type: 'boolean', value: 0 };
      return undefined;
    }
    case 'date': {
      const d = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      return d ? { type: 'date', value: d.time } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Types one OCEL value. `raw` is what the file holds: a JSON or SQLite value (`textual` false),
 * or XML text (`textual` true). Undefined for a missing value (null, absent or "").
 */
export function ocelAttributeValue(
  declared: AttributeType | undefined, raw: OcelScalar | undefined, textual: boolean,
): { type: AttributeType; value: string | number } | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  const typed = declared ? asDeclared(declared, raw) : undefined;
  if (typed) return typed;
  if (typeof raw === 'boolean') return { type: 'boolean', value: raw ? 1 : 0 };
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? { type: 'int', value: raw } : { type: 'float', value: raw };
  return textual && !declared ? inferCsvValue(raw) : { type: 'string', value: raw };
}
