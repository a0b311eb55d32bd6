/**
 * Cuts Markdown to at most `limit` characters at a line boundary and appends `note`, so a table or a code block is
 * not broken mid-line. Returns the text unchanged when it fits.
 */
export function truncateMarkdown(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  const room = Math.max(0, limit - note.length - 2);
  const cut = text.slice(0, room);
  const lastBreak = cut.lastIndexOf('\n');
  return `${lastBreak > 0 ? cut.slice(0, lastBreak) : cut}\n\n${note}`;
}
