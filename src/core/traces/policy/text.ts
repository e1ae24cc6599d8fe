/** A message's text on one line, shortened to `max` characters, for violation messages. */
export function excerpt(text: string, max = 60): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
