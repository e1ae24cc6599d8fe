/**
 * Does an assistant message state an action? The heuristic requireConfirmation uses to decide
 * whether the message a user confirmed actually listed the call the agent then made (τ-bench's
 * airline policy: "list the action details and obtain explicit user confirmation").
 *
 * The message states the call when, compared word by word (lower-cased, `_` and `-` read as
 * spaces, so `one_way` matches "one-way"), it mentions
 * - one of the call's key argument values: the leaves of its JSON arguments that identify
 *   something: strings of 3 characters or more (not yes/no/true/false/none/null) and numbers of
 *   10 or more (`"reservation_id": "ZFA04Y"`, `"flight_number": "HAT136"`, `"amount": 250`),
 *   matched as whole words; or
 * - an action word, matched as the start of a word after dropping a final "e" or "s" from the
 *   action word (so "cancel" matches "cancellation", "update" matches "updating"): the rule's
 *   `actionWords`, else the words of the tool's name (`update_reservation_flights`: update,
 *   reservation, flights) less generic ones (get, set, do, run, call, tool, the, for, with…).
 *
 * Deliberately lenient (any one mention will do): the explicit confirmation is the strict half
 * of the check; the statement test only rejects a "yes" given to a message that has nothing to do
 * with the call (an answer about insurance, a search result offered for choice).
 */

const STOP = new Set(['get', 'set', 'do', 'run', 'call', 'tool', 'tools', 'the', 'for', 'with', 'and', 'or', 'to', 'of', 'by', 'in', 'on', 'from', 'info', 'data', 'details']);
const GENERIC_VALUES = new Set(['yes', 'no', 'true', 'false', 'none', 'null', 'n a']);
const MAX_VALUES = 64;

/** Lower-cased words separated by single spaces, padded with a space at each end. */
export function wordText(text: string): string {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words ? ` ${words.join(' ')} ` : ' ';
}

/** The key argument values of a call (see the header), as word texts without padding. */
export function keyArgumentValues(args: string | undefined): string[] {
  if (args === undefined || args.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return [];
  }
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (out.size >= MAX_VALUES) return;
    if (typeof v === 'string') {
      const w = wordText(v).trim();
      if (w.length >= 3 && !GENERIC_VALUES.has(w)) out.add(w);
    } else if (typeof v === 'number') {
      if (Math.abs(v) >= 10) out.add(wordText(String(v)).trim());
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(parsed);
  return [...out];
}

/** Action-word stems (see the header). */
export function actionStems(tool: string, actionWords?: readonly string[]): string[] {
  const words = actionWords
    ? actionWords.flatMap((w) => wordText(w).trim().split(' '))
    : wordText(tool.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).trim().split(' ').filter((w) => w.length >= 3 && !STOP.has(w));
  return [...new Set(words.filter((w) => w !== '').map((w) => (w.length > 3 && /[es]$/.test(w) ? w.slice(0, -1) : w)))];
}

export interface StatementMatch {
  readonly states: boolean;
  /** What matched (an argument value or an action word), for messages. */
  readonly by?: string;
}

/**
 * Whether a statement (its wordText) states a call, given the call's key argument values and
 * the tool's action stems (see the header).
 */
export function statesAction(statementWords: string, values: readonly string[], stems: readonly string[]): StatementMatch {
  for (const v of values) if (statementWords.includes(` ${v} `)) return { states: true, by: v };
  for (const stem of stems) if (statementWords.includes(` ${stem}`)) return { states: true, by: stem };
  return { states: false };
}
