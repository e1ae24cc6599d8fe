/**
 * Streaming reader for XES (IEEE 1849) event logs.
 *
 * Text chunks are tokenised as they arrive; one trace at a time is held in memory and handed to
 * `onTrace` when its </trace> closes. Recognised content:
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
 *
 * The tokenizer is written for this job (a general SAX parser spent most of an import's time on
 * generality XES does not use) but checks XML 1.0 well-formedness as saxes does, with saxes's
 * messages and line:column positions: names, attribute syntax and duplicates, quoting, entity and
 * character references, tag nesting, one root, no text outside it, comments (no `--` inside),
 * processing instructions, the XML declaration at the start only, CDATA sections (skipped, like
 * any text: XES keeps its data in attributes), a DOCTYPE (skipped), and characters XML forbids.
 * Line ends are normalised (\r\n and \r count as one line end; in attribute values they, and tabs,
 * become spaces). test/unit/xesTokenizer.test.ts checks it against saxes on valid and malformed
 * documents. Known differences, both in malformed input only: a malformed entity reference is
 * reported at the character that cannot belong to it (saxes reads on to the next `;`, possibly
 * lines later), and a malformed XML declaration is one error, "malformed XML declaration".
 */
import type { AttributeType, TypedAttribute } from '../db/types';
import { throwIfCancelled } from '../progress';
import { detachString } from './detachString';
import { ImportError } from './importError';
import type { ParsedEvent } from './logBuilder';
import { parseDateTime } from './timestamps';

export interface ParsedTrace {
  /** The trace's concept:name, when it has one. */
  readonly name?: string;
  readonly attributes: readonly TypedAttribute[];
  readonly events: readonly ParsedEvent[];
  /** 1-based line of the <trace> element. */
  readonly line: number;
}

export interface XesHandlers {
  onLogAttribute(attribute: TypedAttribute): void;
  onTrace(trace: ParsedTrace): void;
}

const ATTRIBUTE_ELEMENTS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);

interface TraceBuf { name?: string; attributes: TypedAttribute[]; events: ParsedEvent[]; line: number }
interface EventBuf { activity?: string; timestamp?: string; startTimestamp?: string; resource?: string; lifecycle?: string; attributes: TypedAttribute[]; line: number }
interface JsonAttr { key: string; type: AttributeType; value: string | number }

/** An open element: `tag` as written (for matching its close tag), `name` without a prefix. */
type Frame =
  | { kind: 'log'; tag: string; name: string }
  | { kind: 'trace'; tag: string; name: string; trace: TraceBuf }
  | { kind: 'event'; tag: string; name: string; event: EventBuf }
  | { kind: 'attr'; tag: string; name: string; key: KeyInfo; value: string; children?: JsonAttr[] }
  | { kind: 'values'; tag: string; name: string }
  | { kind: 'skip'; tag: string; name: string };

/** What an element becomes, given its parent: unknown and unwanted elements are skipped whole. */
function childKind(parent: Frame, info: TagInfo): 'trace' | 'event' | 'attr' | 'values' | 'skip' {
  const { name, isAttr } = info;
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
export function typedXesValue(element: string, value: string): { type: AttributeType; value: string | number } {
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

// ---------------------------------------------------------------------------------------------
// Characters (XML 1.0, fifth edition)

const TAB = 9, NL = 10, SPACE = 32, BANG = 33, QUOTE = 34, HASH = 35, AMP = 38, APOS = 39,
  SLASH = 47, SEMI = 59, LT = 60, EQ = 61, GT = 62, QUESTION = 63, RBRACKET = 93;

/** ASCII name characters: 1 = may start a name, 2 = may continue one. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const start = c === 58 || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const rest = start || c === 45 || c === 46 || (c >= 48 && c <= 57);
  ASCII_NAME[c] = start ? 3 : rest ? 2 : 0;
}

function isNameStartCode(c: number): boolean {
  if (c < 128) return (ASCII_NAME[c]! & 1) !== 0;
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d)
    || (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d) || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef)
    || (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0x10000 && c <= 0xeffff);
}

function isNameCode(c: number): boolean {
  if (c < 128) return ASCII_NAME[c]! !== 0;
  return isNameStartCode(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/** XML 1.0's Char production. */
function isXmlChar(c: number): boolean {
  return c === TAB || c === NL || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

const isSpace = (c: number): boolean => c === SPACE || c === NL || c === TAB;

function isName(s: string): boolean {
  if (s.length === 0) return false;
  let i = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!(i++ === 0 ? isNameStartCode(c) : isNameCode(c))) return false;
  }
  return true;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Characters XML forbids (controls, U+FFFE/U+FFFF, unpaired surrogates): checked in skipped regions. */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_ENDS = /\r\n?/g;

// ---------------------------------------------------------------------------------------------

/** What the reader needs to know about an element name, computed once per distinct name. */
interface TagInfo {
  /** The name as written (with any prefix), to match the end tag. */
  readonly tag: string;
  /** Without a prefix. */
  readonly name: string;
  /** One of XES's attribute elements (string, date, int, float, boolean, id, list, container). */
  readonly isAttr: boolean;
  readonly isList: boolean;
}

function tagInfo(tag: string): TagInfo {
  const name = localName(tag);
  return { tag, name, isAttr: ATTRIBUTE_ELEMENTS.has(name), isList: name === 'list' || name === 'container' };
}

/** The event fields XES keys map to; FIELD_OTHER is any other (typed) attribute. */
const FIELD_OTHER = 0, FIELD_NAME = 1, FIELD_TIME = 2, FIELD_RESOURCE = 3, FIELD_LIFECYCLE = 4, FIELD_START = 5;

/** An attribute key and the field it names, classified once per distinct key. */
interface KeyInfo {
  readonly key: string;
  readonly field: number;
}

function keyInfo(key: string): KeyInfo {
  const field = key === 'concept:name' ? FIELD_NAME : key === 'time:timestamp' ? FIELD_TIME : key === 'org:resource' ? FIELD_RESOURCE
    : key === 'lifecycle:transition' ? FIELD_LIFECYCLE : key === 'start_timestamp' ? FIELD_START : FIELD_OTHER;
  return { key, field };
}

/**
 * The canonical form of an attribute element, `<string key="k" value="v"/>` (exactly as OpenXES,
 * PM4Py and ProM write it), matched in one step; its key and value hold no character needing a
 * closer look (references, line ends, tabs, characters XML forbids), so the match is well-formed
 * and means exactly what the general tokenizer would read. Anything else takes the general path.
 */
// eslint-disable-next-line no-control-regex -- the excluded characters include the controls XML forbids
const CANONICAL_ATTRIBUTE = /<(?:string|date|int|float|boolean|id) key="([^"<&\t\n\x00-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]*)" value="([^"<&\t\n\x00-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]*)"\/>/y;

/** Bounds the caches of element names and attribute keys (a log may use any number of keys). */
const CACHE_LIMIT = 10_000;

const CANONICAL_ELEMENTS: Readonly<Record<string, TagInfo>> = {
  s: tagInfo('string'), d: tagInfo('date'), f: tagInfo('float'), b: tagInfo('boolean'), in: tagInfo('int'), id: tagInfo('id'),
};

/** The element of a CANONICAL_ATTRIBUTE match at `p`, from its first letters. */
function canonicalElement(buf: string, p: number): TagInfo {
  const c = buf.charCodeAt(p + 1);
  if (c === 115) return CANONICAL_ELEMENTS.s!;
  if (c === 100) return CANONICAL_ELEMENTS.d!;
  if (c === 102) return CANONICAL_ELEMENTS.f!;
  if (c === 98) return CANONICAL_ELEMENTS.b!;
  return buf.charCodeAt(p + 2) === 110 ? CANONICAL_ELEMENTS.in! : CANONICAL_ELEMENTS.id!;
}

/** Result of one attribute value: where its text is, whether it needs decoding, the index after its quote. */
interface ValueRead { from: number; to: number; plain: boolean; end: number }

class XesReader {
  /** Unconsumed input: the tail of earlier chunks that did not complete an item, then new text. */
  private buf = '';
  private pos = 0;
  private final = false;
  private first = true;
  /** A chunk's last character when it may pair with the next chunk's first: \r (of \r\n) or a high surrogate. */
  private held = '';

  // Line accounting: `line` is the line at buffer index `counted`; `lineStart` the index where that
  // line starts (-1: in text already dropped, whose code points on this line are `carryColumn`).
  private line = 1;
  private counted = 0;
  private nextNl = -1;
  private lineStart = 0;
  private carryColumn = 0;

  private sawRoot = false;
  private closedRoot = false;
  private xmlDeclPossible = true;
  private doctype = false;
  /** Text outside the root element was seen; the error is raised where that text ends. */
  private textOutsideRoot = false;
  private readonly stack: Frame[] = [];
  private readonly openedAt: number[] = [];

  // Attributes of the start tag being read.
  private attrCount = 0;
  private readonly attrNames: string[] = [];
  /** The tag's `key` and `value` attributes (XES's attribute elements), undefined when absent. */
  private tagKey: KeyInfo | undefined;
  private tagValue: string | undefined;
  private readonly valueRead: ValueRead = { from: 0, to: 0, plain: true, end: 0 };
  private readonly tagInfos = new Map<string, TagInfo>();
  private readonly keyInfos = new Map<string, KeyInfo>();
  /** The last KeyInfo per slot (by length and end letters): most lookups compare one string. */
  private readonly recentKeys: (KeyInfo | undefined)[] = new Array<KeyInfo | undefined>(64).fill(undefined);

  constructor(private readonly file: string, private readonly handlers: XesHandlers) {}

  write(chunk: string): void {
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.held !== '') {
      chunk = this.held + chunk;
      this.held = '';
    }
    const last = chunk.charCodeAt(chunk.length - 1);
    if (last === 13 || (last >= 0xd800 && last <= 0xdbff)) {
      // Decide with the next chunk whether this is \r\n, or the first half of a surrogate pair.
      this.held = chunk.slice(-1);
      chunk = chunk.slice(0, -1);
    }
    if (chunk.indexOf('\r') >= 0) chunk = chunk.replace(LINE_ENDS, '\n');
    if (this.pos < this.buf.length) {
      // The last chunk ended inside an item (usually a tag): complete it with the head of this
      // chunk, up to its first '>', so the rest of the chunk is parsed where it is, not copied.
      const gt = chunk.indexOf('>');
      if (gt >= 0 && gt + 1 < chunk.length) {
        this.append(chunk.slice(0, gt + 1));
        this.parse();
        chunk = chunk.slice(gt + 1);
      }
    }
    this.append(chunk);
    this.parse();
  }

  close(): void {
    this.final = true;
    if (this.held !== '') {
      this.append(this.held === '\r' ? '\n' : this.held);
      this.held = '';
    }
    this.parse();
    const n = this.buf.length;
    if (!this.sawRoot) this.fail(n, 'document must contain a root element.');
    const top = this.stack[this.stack.length - 1];
    if (top) this.fail(n, `unclosed tag: ${top.tag}`);
    if (this.pos < n) this.fail(n, 'unexpected end.');
  }

  // -- input and positions --------------------------------------------------------------------

  private append(chunk: string): void {
    const pos = this.pos;
    if (pos > 0) {
      // Drop the consumed text, keeping what positions need: the line number and the column
      // (in code points, as saxes counts) where the kept text starts.
      this.advanceLines(pos);
      const cols = this.codePoints(Math.max(this.lineStart, 0), pos);
      this.carryColumn = this.lineStart >= 0 ? cols : this.carryColumn + cols;
      this.lineStart = -1;
      // join() builds one flat string; `a + b` would build a rope, slower to index into.
      this.buf = this.buf.length > pos ? [this.buf.slice(pos), chunk].join('') : chunk;
      this.pos = 0;
      this.counted = 0;
    } else {
      this.buf = [this.buf, chunk].join('');
    }
    this.nextNl = -1;
  }

  /** Counts line ends up to buffer index `to`. */
  private advanceLines(to: number): void {
    let nl = this.nextNl;
    for (;;) {
      if (nl < this.counted) {
        nl = this.buf.indexOf('\n', this.counted);
        if (nl < 0) nl = Number.MAX_SAFE_INTEGER;
      }
      if (nl >= to) break;
      this.line++;
      this.lineStart = nl + 1;
      this.counted = nl + 1;
    }
    this.nextNl = nl;
    if (to > this.counted) this.counted = to;
  }

  private codePoints(from: number, to: number): number {
    let n = to - from;
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      const c = buf.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > from && buf.charCodeAt(i - 1) >= 0xd800 && buf.charCodeAt(i - 1) <= 0xdbff) n--;
    }
    return n;
  }

  /** 1-based line of buffer index `at` (never before the last position asked for). */
  private lineAt(at: number): number {
    this.advanceLines(at);
    return this.line;
  }

  /**
   * Throws the ImportError for a problem found just before buffer index `at` (the index after the
   * character that revealed it): line and column as saxes reports them.
   */
  private fail(at: number, reason: string, field = this.fieldOf()): never {
    this.advanceLines(at);
    const column = (this.lineStart >= 0 ? this.codePoints(this.lineStart, at) : this.carryColumn + this.codePoints(0, at)) + 1;
    throw new ImportError(this.file, reason, { line: this.line, column, field });
  }

  private fieldOf(extra?: Frame): string {
    const parts = (extra ? [...this.stack, extra] : this.stack).map((f) => (f.kind === 'attr' ? `${f.name}[key="${f.key.key}"]` : f.name));
    return parts.length > 0 ? parts.join('/') : '(document)';
  }

  /** The code point at `i` (surrogate pairs combined), NaN past the end. */
  private codeAt(i: number): number {
    const c = this.buf.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = this.buf.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + (c - 0xd800) * 0x400 + (d - 0xdc00);
    }
    return c;
  }

  /** Fails on the first character XML forbids in [from, to). */
  private checkChars(from: number, to: number): void {
    FORBIDDEN.lastIndex = 0;
    const m = FORBIDDEN.exec(this.buf.slice(from, to));
    if (m) this.fail(from + m.index + 1, 'disallowed character.');
  }

  /** Fails when the character at `i` is not one XML allows. */
  private checkChar(i: number): void {
    const c = this.buf.charCodeAt(i);
    if (c < SPACE && c !== TAB && c !== NL) this.fail(i + 1, 'disallowed character.');
    if (c >= 0xd800) this.checkWide(i);
  }

  /** Fails when the character at `i` (>= U+D800) is not one XML allows. */
  private checkWide(i: number): void {
    const buf = this.buf;
    const c = buf.charCodeAt(i);
    if (c <= 0xdbff) {
      const d = buf.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return;
    } else if (c <= 0xdfff) {
      const b = buf.charCodeAt(i - 1);
      if (b >= 0xd800 && b <= 0xdbff) return;
    } else if (c < 0xfffe) {
      return;
    }
    this.fail(i + 1, 'disallowed character.');
  }

  /** The message for an unexpected character at `i`: forbidden characters first, as saxes. */
  private unexpected(i: number, message: string): never {
    const c = this.codeAt(i);
    this.fail(i + (c > 0xffff ? 2 : 1), isXmlChar(c) ? message : 'disallowed character.');
  }

  // -- tokenizer ------------------------------------------------------------------------------

  private parse(): void {
    const buf = this.buf;
    const n = buf.length;
    let pos = this.pos;
    while (pos < n) {
      const lt = buf.indexOf('<', pos);
      if (lt !== pos) {
        const end = lt < 0 ? n : lt;
        const done = this.text(pos, end, lt >= 0);
        pos = done;
        if (done < end || lt < 0) break;
      }
      if (pos + 1 >= n) break;
      const c = buf.charCodeAt(pos + 1);
      if (c >= 97 /* a */ && this.stack.length > 0) {
        CANONICAL_ATTRIBUTE.lastIndex = pos;
        const m = CANONICAL_ATTRIBUTE.exec(buf);
        if (m !== null) {
          this.canonicalAttribute(pos, m[1]!, m[2]!);
          pos = CANONICAL_ATTRIBUTE.lastIndex;
          continue;
        }
      }
      const next = c === SLASH ? this.closeTag(pos) : c === BANG ? this.bang(pos) : c === QUESTION ? this.pi(pos) : this.openTag(pos);
      if (next < 0) break;
      pos = next;
    }
    this.pos = pos;
  }

  /**
   * Character data in [from, to): only checked (XES keeps no data in text). Returns the index up
   * to which it was consumed: `to`, or less when the text may continue in the next chunk with an
   * entity reference or "]]>" cut in two.
   */
  private text(from: number, to: number, terminated: boolean): number {
    const buf = this.buf;
    let limit = to;
    if (!terminated && !this.final) {
      limit = Math.max(from, to - 2);
      let amp = to - 1;
      while (amp >= from && buf.charCodeAt(amp) !== AMP) amp--;
      if (amp >= from && amp < limit && buf.indexOf(';', amp) < 0) limit = amp;
      const last = buf.charCodeAt(limit - 1);
      if (limit > from && last >= 0xd800 && last <= 0xdbff) limit--; // never split a surrogate pair
    }
    if (limit > from) this.xmlDeclPossible = false;
    const inRoot = this.stack.length > 0;
    let nonSpace = false;
    for (let i = from; i < limit; i++) {
      const c = buf.charCodeAt(i);
      if (c === SPACE || c === NL || c === TAB) continue;
      if (c < SPACE) this.fail(i + 1, 'disallowed character.');
      if (c >= 0xd800) this.checkWide(i);
      if (!inRoot) {
        if (c === AMP) this.fail(i + 1, 'text data outside of root node.');
        nonSpace = true;
        continue;
      }
      if (c === AMP) {
        const end = this.entity(i, -1);
        if (end < 0) return i;
        i = end - 1;
      } else if (c === RBRACKET && buf.charCodeAt(i + 1) === RBRACKET && buf.charCodeAt(i + 2) === GT) {
        this.fail(i + 3, 'the string "]]>" is disallowed in char data.');
      }
    }
    if (nonSpace) this.textOutsideRoot = true;
    // Reported where the text ends (after the '<' that ends it, as saxes), whatever the chunks.
    if (this.textOutsideRoot && (terminated || this.final)) this.fail(terminated ? to + 1 : to, 'text data outside of root node.');
    return limit;
  }

  /**
   * The entity or character reference at `amp` (an `&`), checked. Returns the index after its `;`,
   * or -1 when the input ends first. `quote` is the attribute value's quote, -1 in text.
   */
  private entity(amp: number, quote: number): number {
    const buf = this.buf;
    const n = buf.length;
    let j = amp + 1;
    for (; j < n; j++) {
      const c = buf.charCodeAt(j);
      if (c === SEMI) break;
      if (c >= 0xd800) this.checkWide(j);
      if (c === quote || c === LT || c === AMP || isSpace(c) || !(c === HASH || (c < 128 ? ASCII_NAME[c]! !== 0 : c >= 0xd800 || isNameCode(c)))) {
        this.unexpected(j, 'disallowed character in entity name.');
      }
    }
    if (j >= n) return -1;
    this.decodeEntity(buf.slice(amp + 1, j), j + 1);
    return j + 1;
  }

  /** The text of a checked reference `name` (between & and ;); `at` is the index after the `;`. */
  private decodeEntity(name: string, at: number): string {
    if (name === '') this.fail(at, 'empty entity name.');
    if (name.charCodeAt(0) !== HASH) {
      const defined = PREDEFINED_ENTITIES[name];
      if (defined !== undefined && Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name)) return defined;
      this.fail(at, isName(name) ? 'undefined entity.' : 'disallowed character in entity name.');
    }
    let num = NaN;
    if (name[1] === 'x' && /^#x[0-9a-f]+$/i.test(name)) num = parseInt(name.slice(2), 16);
    else if (/^#[0-9]+$/.test(name)) num = parseInt(name.slice(1), 10);
    if (!isXmlChar(num)) this.fail(at, 'malformed character entity.');
    return String.fromCodePoint(num);
  }

  /** Index after the name starting at `i` (which the caller checked may start a name). */
  private nameEnd(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (c < 128) {
        if (ASCII_NAME[c] === 0) return i;
        i++;
      } else {
        const cp = this.codeAt(i);
        if (cp !== cp || !isNameCode(cp)) return i;
        i += cp > 0xffff ? 2 : 1;
      }
    }
    return i;
  }

  private startsName(i: number): boolean {
    const c = this.buf.charCodeAt(i);
    return c < 128 ? (ASCII_NAME[c]! & 1) !== 0 : isNameStartCode(this.codeAt(i));
  }

  private skipSpaces(i: number): number {
    const buf = this.buf;
    while (isSpace(buf.charCodeAt(i))) i++;
    return i;
  }

  /** A start tag at `p`; returns the index after it, or -1 when it is not complete yet. */
  private openTag(p: number): number {
    const buf = this.buf;
    const n = buf.length;
    this.xmlDeclPossible = false;
    if (!this.startsName(p + 1)) this.unexpected(p + 1, 'disallowed character in tag name');
    let i = this.nameEnd(p + 1);
    if (i >= n) return -1;
    const info = this.tagInfo(buf.slice(p + 1, i));
    let c = buf.charCodeAt(i);
    if (!isXmlChar(this.codeAt(i))) this.unexpected(i, '');
    this.sawRoot = true;
    if (this.closedRoot) this.fail(i + 1, 'documents may contain only one root.');
    this.attrCount = 0;
    this.tagKey = undefined;
    this.tagValue = undefined;
    let selfClosing = false;
    let end: number;
    if (c !== GT && c !== SLASH && !isSpace(c)) this.unexpected(i, 'disallowed character in tag name.');
    for (;;) {
      // Here c = buf[i] follows the name or an attribute value: '>', '/', or a space.
      if (c === GT) {
        end = i + 1;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= n) return -1;
        if (buf.charCodeAt(i + 1) !== GT) this.unexpected(i + 1, 'forward-slash in opening tag not followed by >.');
        selfClosing = true;
        end = i + 2;
        break;
      }
      i = this.skipSpaces(i);
      if (i >= n) return -1;
      c = buf.charCodeAt(i);
      if (c === GT || c === SLASH) continue;
      if (!this.startsName(i)) this.unexpected(i, 'disallowed character in attribute name.');
      // attribute name
      const nameStart = i;
      i = this.nameEnd(i);
      if (i >= n) return -1;
      const attrName = buf.slice(nameStart, i);
      c = buf.charCodeAt(i);
      if (c !== EQ) {
        if (isSpace(c)) {
          i = this.skipSpaces(i);
          if (i >= n) return -1;
          if (buf.charCodeAt(i) !== EQ) this.unexpected(i, 'attribute without value.');
        } else if (c === GT) {
          this.fail(i + 1, 'attribute without value.');
        } else {
          this.unexpected(i, 'disallowed character in attribute name.');
        }
      }
      i = this.skipSpaces(i + 1);
      if (i >= n) return -1;
      const q = buf.charCodeAt(i);
      if (q !== QUOTE && q !== APOS) this.unexpected(i, 'unquoted attribute value.');
      if (!this.readValue(i + 1, q)) return -1;
      this.attrNames[this.attrCount++] = attrName;
      const v = this.valueRead;
      if (attrName === 'key') this.tagKey = this.keyInfo(this.valueText(v));
      else if (attrName === 'value') this.tagValue = this.valueText(v);
      i = v.end;
      if (i >= n) return -1;
      c = buf.charCodeAt(i);
      if (c !== GT && c !== SLASH && !isSpace(c)) {
        this.unexpected(i, this.startsName(i) ? 'no whitespace between attributes.' : 'disallowed character in attribute name.');
      }
    }
    for (let a = 1; a < this.attrCount; a++) {
      for (let b = 0; b < a; b++) if (this.attrNames[a] === this.attrNames[b]) this.fail(end, `duplicate attribute: ${this.attrNames[a]}.`);
    }
    this.openElement(info, selfClosing, end);
    return end;
  }

  private valueText(v: ValueRead): string {
    return v.plain ? this.buf.slice(v.from, v.to) : this.decodeValue(v.from, v.to);
  }

  /** Finds the attribute value starting at `i`, closed by `q` (into valueRead); false when the input ends first. */
  private readValue(i: number, q: number): boolean {
    const buf = this.buf;
    const n = buf.length;
    let plain = true;
    let j = i;
    for (; j < n; j++) {
      const c = buf.charCodeAt(j);
      if (c === q) break;
      if (c <= LT) {
        if (c === LT) this.fail(j + 1, 'disallowed character.');
        if (c === AMP) {
          const end = this.entity(j, q);
          if (end < 0) return false;
          j = end - 1;
          plain = false;
        } else if (c === NL || c === TAB) {
          plain = false;
        } else if (c < SPACE) {
          this.fail(j + 1, 'disallowed character.');
        }
      } else if (c >= 0xd800) {
        this.checkWide(j);
      }
    }
    if (j >= n) return false;
    const v = this.valueRead;
    v.from = i;
    v.to = j;
    v.plain = plain;
    v.end = j + 1;
    return true;
  }

  /** An attribute value with references or line ends in it: references replaced, tabs and line ends made spaces. */
  private decodeValue(from: number, to: number): string {
    const buf = this.buf;
    let out = '';
    let start = from;
    for (let i = from; i < to; i++) {
      const c = buf.charCodeAt(i);
      if (c === NL || c === TAB) {
        out += `${buf.slice(start, i)} `;
        start = i + 1;
      } else if (c === AMP) {
        const semi = buf.indexOf(';', i);
        out += buf.slice(start, i) + this.decodeEntity(buf.slice(i + 1, semi), semi + 1);
        i = semi;
        start = semi + 1;
      }
    }
    return out + buf.slice(start, to);
  }

  /** An end tag at `p`; returns the index after it, or -1. */
  private closeTag(p: number): number {
    const buf = this.buf;
    const n = buf.length;
    this.xmlDeclPossible = false;
    let i = this.nameEnd(p + 2);
    if (i >= n) return -1;
    const name = buf.slice(p + 2, i);
    let end: number;
    const c = buf.charCodeAt(i);
    if (c === GT) {
      end = i + 1;
    } else if (isSpace(c)) {
      i = this.skipSpaces(i);
      if (i >= n) return -1;
      if (buf.charCodeAt(i) !== GT) this.unexpected(i, 'disallowed character in closing tag.');
      end = i + 1;
    } else {
      this.unexpected(i, 'disallowed character in closing tag.');
    }
    this.closeElement(name, end);
    return end;
  }

  /** `<!`: a comment, a CDATA section or a DOCTYPE at `p`; returns the index after it, or -1. */
  private bang(p: number): number {
    const buf = this.buf;
    const n = buf.length;
    this.xmlDeclPossible = false;
    if (buf.startsWith('<!--', p)) {
      const dashes = buf.indexOf('--', p + 4);
      if (dashes < 0 || dashes + 2 >= n) {
        this.checkChars(p, n);
        return -1;
      }
      this.checkChars(p, dashes);
      if (buf.charCodeAt(dashes + 2) !== GT) this.fail(dashes + 3, 'malformed comment.');
      return dashes + 3;
    }
    if (buf.startsWith('<![CDATA[', p)) {
      if (this.stack.length === 0) this.fail(p + 9, 'text data outside of root node.');
      const close = buf.indexOf(']]>', p + 9);
      this.checkChars(p, close < 0 ? n : close);
      return close < 0 ? -1 : close + 3;
    }
    if (buf.startsWith('<!DOCTYPE', p)) {
      if (this.doctype || this.sawRoot) this.fail(p + 9, 'inappropriately located doctype declaration.');
      const end = this.doctypeEnd(p, p + 9);
      this.checkChars(p, end < 0 ? n : end);
      if (end >= 0) this.doctype = true;
      return end;
    }
    if (n - p < 9) {
      if (!this.final) return -1;
      this.checkChars(p, n);
      return -1;
    }
    this.checkChars(p, p + 9);
    this.fail(p + 9, 'incorrect syntax.');
  }

  /**
   * Index after the `>` closing a DOCTYPE whose body starts at `i`, or -1. The internal subset is
   * skipped as saxes skips it (quotes, comments, which must not contain `--`, and processing
   * instructions, which end at the first `>` after a `?`).
   */
  private doctypeEnd(p: number, i: number): number {
    const buf = this.buf;
    const n = buf.length;
    let inSubset = false;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE || c === APOS) {
        const close = buf.indexOf(c === QUOTE ? '"' : "'", i + 1);
        if (close < 0) return -1;
        i = close + 1;
      } else if (!inSubset) {
        if (c === GT) return i + 1;
        if (c === 91 /* [ */) inSubset = true;
        i++;
      } else if (c === RBRACKET) {
        inSubset = false;
        i++;
      } else if (c !== LT) {
        i++;
      } else if (i + 1 >= n) {
        return -1;
      } else if (buf.charCodeAt(i + 1) === QUESTION) {
        const q = buf.indexOf('?', i + 2);
        if (q < 0) return -1;
        const gt = buf.indexOf('>', q + 1);
        if (gt < 0) return -1;
        i = gt + 1;
      } else if (buf.charCodeAt(i + 1) === BANG) {
        if (i + 3 >= n) return -1;
        if (buf.charCodeAt(i + 2) === 45 && buf.charCodeAt(i + 3) === 45) {
          const dashes = buf.indexOf('--', i + 4);
          if (dashes < 0 || dashes + 2 >= n) return -1;
          if (buf.charCodeAt(dashes + 2) !== GT) {
            this.checkChars(p, dashes + 3);
            this.fail(dashes + 3, 'malformed comment.');
          }
          i = dashes + 3;
        } else {
          i += buf.charCodeAt(i + 2) === 45 ? 4 : 3;
        }
      } else {
        i += 2;
      }
    }
    return -1;
  }

  /** A processing instruction or the XML declaration at `p`; returns the index after it, or -1. */
  private pi(p: number): number {
    const buf = this.buf;
    const n = buf.length;
    const i = p + 2;
    if (i >= n) return -1;
    if (!this.startsName(i)) {
      const c = buf.charCodeAt(i);
      this.unexpected(i, c === QUESTION || isSpace(c) ? 'processing instruction without a target.' : 'disallowed character in processing instruction name.');
    }
    const j = this.nameEnd(i);
    if (j >= n) return -1;
    const target = buf.slice(i, j);
    const c = buf.charCodeAt(j);
    if (c !== QUESTION && !isSpace(c)) this.unexpected(j, 'disallowed character in processing instruction name.');
    if (target === 'xml') {
      if (!this.xmlDeclPossible) this.fail(j + 1, 'an XML declaration must be at the start of the document.');
      const end = this.xmlDeclaration(j);
      if (end >= 0) this.xmlDeclPossible = false;
      return end;
    }
    const close = buf.indexOf('?>', j);
    this.checkChars(p, close < 0 ? n : close);
    if (close < 0) return -1;
    if (target.toLowerCase() === 'xml') {
      this.fail(close + 2, 'the XML declaration must appear at the start of the document.');
    }
    this.xmlDeclPossible = false;
    return close + 2;
  }

  /**
   * The XML declaration's pseudo-attributes from `i` (the character after `<?xml`), checked as
   * saxes checks them, with its messages (the name check keys on the name's length, as saxes
   * does). Returns the index after `?>`, or -1 when the input ends first.
   */
  private xmlDeclaration(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    const isQuoteChar = (c: number): boolean => c === QUOTE || c === APOS;
    let expects = ['version'];
    let name = '';
    const incomplete = (at: number): never => this.fail(at, 'XML declaration is incomplete.');
    const ending = (at: number): number => {
      // After a '?': must be '>'.
      if (at >= n) return -1;
      if (buf.charCodeAt(at) !== GT) this.unexpected(at, 'The character ? is disallowed anywhere in XML declarations.');
      if (name !== 'version' && expects.includes('version')) this.fail(at + 1, 'XML declaration must contain a version.');
      return at + 1;
    };
    let c = buf.charCodeAt(i);
    if (c === QUESTION) return ending(i + 1);
    i++; // the space after the target
    for (;;) {
      // name start
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      this.checkChar(i);
      if (buf.charCodeAt(i) === QUESTION) return ending(i + 1);
      let j = i + 1;
      while (j < n && !isSpace(buf.charCodeAt(j)) && buf.charCodeAt(j) !== EQ && buf.charCodeAt(j) !== QUESTION) {
        this.checkChar(j);
        j++;
      }
      if (j >= n) return -1;
      name = buf.slice(i, j);
      c = buf.charCodeAt(j);
      if (c === QUESTION) incomplete(j + 1);
      if (!expects.includes(name)) {
        this.fail(j + 1, name.length === 0 ? 'did not expect any more name/value pairs.'
          : name.length === 1 ? `expected the name ${expects[0]}.` : `expected one of ${expects.join(', ')}`);
      }
      i = j + 1;
      if (c !== EQ) {
        while (i < n && isSpace(buf.charCodeAt(i))) i++;
        if (i >= n) return -1;
        c = buf.charCodeAt(i);
        if (c === QUESTION) incomplete(i + 1);
        if (c !== EQ) this.unexpected(i, 'value required.');
        i++;
      }
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      c = buf.charCodeAt(i);
      if (c === QUESTION) incomplete(i + 1);
      let q = c;
      if (!isQuoteChar(c)) {
        this.unexpected(i, 'value must be quoted.');
        q = SPACE;
      }
      j = i + 1;
      while (j < n && buf.charCodeAt(j) !== q && buf.charCodeAt(j) !== QUESTION) {
        this.checkChar(j);
        j++;
      }
      if (j >= n) return -1;
      if (buf.charCodeAt(j) === QUESTION) incomplete(j + 1);
      const value = buf.slice(i + 1, j);
      if (name === 'version') {
        expects = ['encoding', 'standalone'];
        if (!/^1\.[0-9]+$/.test(value)) this.fail(j + 1, 'version number must match /^1\\.[0-9]+$/.');
      } else if (name === 'encoding') {
        if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) this.fail(j + 1, 'encoding value must match /^[A-Za-z0-9][A-Za-z0-9._-]*$/.');
        expects = ['standalone'];
      } else {
        if (value !== 'yes' && value !== 'no') this.fail(j + 1, 'standalone value must match "yes" or "no".');
        expects = [];
      }
      name = '';
      i = j + 1;
      // separator
      if (i >= n) return -1;
      c = buf.charCodeAt(i);
      if (c === QUESTION) return ending(i + 1);
      if (!isSpace(c)) this.unexpected(i, 'whitespace required.');
    }
  }

  // -- XES ------------------------------------------------------------------------------------

  private tagInfo(tag: string): TagInfo {
    let info = this.tagInfos.get(tag);
    if (!info) {
      info = tagInfo(detachString(tag));
      if (this.tagInfos.size < CACHE_LIMIT) this.tagInfos.set(info.tag, info);
    }
    return info;
  }

  private keyInfo(key: string): KeyInfo {
    const n = key.length;
    const slot = n === 0 ? 0 : (n * 7 + key.charCodeAt(0) * 3 + key.charCodeAt(n - 1)) & 63;
    let info = this.recentKeys[slot];
    if (info !== undefined && info.key === key) return info;
    info = this.keyInfos.get(key);
    if (!info) {
      info = keyInfo(detachString(key));
      if (this.keyInfos.size < CACHE_LIMIT) this.keyInfos.set(info.key, info);
    }
    this.recentKeys[slot] = info;
    return info;
  }

  /** A canonical attribute element at `p`, `<element key="key" value="value"/>` (CANONICAL_ATTRIBUTE). */
  private canonicalAttribute(p: number, key: string, value: string): void {
    const info = canonicalElement(this.buf, p);
    if (childKind(this.stack[this.stack.length - 1]!, info) === 'attr') this.addAttribute(info.name, this.keyInfo(key), value, undefined);
  }

  private push(frame: Frame, end: number): void {
    this.stack.push(frame);
    this.openedAt.push(this.lineAt(end));
  }

  /** A start tag ending at `end` (its key and value attributes in tagKey and tagValue). */
  private openElement(info: TagInfo, selfClosing: boolean, end: number): void {
    const { tag, name } = info;
    const stack = this.stack;
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (name !== 'log') this.fail(end, `not an XES event log: the root element is <${tag}>, expected <log>`, tag);
      if (selfClosing) this.closedRoot = true;
      else this.push({ kind: 'log', tag, name }, end);
      return;
    }
    switch (childKind(parent, info)) {
      case 'attr': {
        const key = this.tagKey;
        if (key === undefined) this.fail(end, `<${name}> attribute element without a "key"`, this.fieldOf({ kind: 'skip', tag, name }));
        const value = this.tagValue ?? '';
        const children = info.isList ? [] : undefined;
        if (selfClosing) this.addAttribute(name, key, value, children);
        else this.push(children ? { kind: 'attr', tag, name, key, value, children } : { kind: 'attr', tag, name, key, value }, end);
        return;
      }
      case 'trace': {
        const trace: TraceBuf = { attributes: [], events: [], line: this.lineAt(end) };
        if (selfClosing) this.handlers.onTrace(trace);
        else this.push({ kind: 'trace', tag, name, trace }, end);
        return;
      }
      case 'event': {
        const event: EventBuf = { attributes: [], line: this.lineAt(end) };
        if (!selfClosing) this.push({ kind: 'event', tag, name, event }, end);
        else if (parent.kind === 'trace') parent.trace.events.push(event);
        return;
      }
      case 'values':
        if (!selfClosing) this.push({ kind: 'values', tag, name }, end);
        return;
      case 'skip':
        if (!selfClosing) this.push({ kind: 'skip', tag, name }, end);
        return;
    }
  }

  /** An end tag named `name` ending at `end`. */
  private closeElement(name: string, end: number): void {
    if (name === '') this.fail(end, 'weird empty close tag.');
    const stack = this.stack;
    const frame = stack[stack.length - 1];
    if (!frame) this.fail(end, `unmatched closing tag: ${name}.`);
    if (frame.tag !== name) {
      this.fail(end, `unexpected close tag: <${frame.tag}> opened on line ${this.openedAt[this.openedAt.length - 1]} is not closed`);
    }
    stack.pop();
    this.openedAt.pop();
    if (stack.length === 0) this.closedRoot = true;
    switch (frame.kind) {
      case 'trace':
        this.handlers.onTrace(frame.trace);
        return;
      case 'event': {
        const owner = stack[stack.length - 1];
        if (owner?.kind === 'trace') owner.trace.events.push(frame.event);
        return;
      }
      case 'attr':
        this.addAttribute(frame.name, frame.key, frame.value, frame.children);
        return;
      default:
        return;
    }
  }

  /** A complete attribute element (`children` for lists and containers) given to its owner. */
  private addAttribute(element: string, key: KeyInfo, value: string, children: JsonAttr[] | undefined): void {
    const stack = this.stack;
    let owner = stack[stack.length - 1];
    if (owner?.kind === 'values') owner = stack[stack.length - 2];
    switch (owner?.kind) {
      case 'log':
        this.handlers.onLogAttribute(typedAttribute(element, key.key, value, children));
        return;
      case 'trace':
        if (key.field === FIELD_NAME && !children) owner.trace.name = value;
        else owner.trace.attributes.push(typedAttribute(element, key.key, value, children));
        return;
      case 'event': {
        const e = owner.event;
        switch (children ? FIELD_OTHER : key.field) {
          case FIELD_NAME: e.activity = value; return;
          case FIELD_TIME: e.timestamp = value; return;
          case FIELD_RESOURCE: e.resource = value; return;
          case FIELD_LIFECYCLE: e.lifecycle = value; return;
          case FIELD_START: e.startTimestamp = value; return;
          default: e.attributes.push(typedAttribute(element, key.key, value, children));
        }
        return;
      }
      case 'attr':
        owner.children?.push(typedAttribute(element, key.key, value, children));
        return;
      default:
        return;
    }
  }
}

function typedAttribute(element: string, key: string, value: string, children: JsonAttr[] | undefined): JsonAttr {
  return children ? { key, type: 'list', value: JSON.stringify(children) } : { key, ...typedXesValue(element, value) };
}

export async function readXes(file: string, input: AsyncIterable<string>, handlers: XesHandlers, signal?: AbortSignal): Promise<void> {
  const reader = new XesReader(file, handlers);
  for await (const chunk of input) {
    throwIfCancelled(signal);
    reader.write(chunk as string);
  }
  throwIfCancelled(signal);
  reader.close();
}
