/**
 * Slack mrkdwn needs only &, < and > escaped; user text must be escaped so a LINE message cannot ping
 * `<!channel>` or forge a link. Limits come from Block Kit (section text 3000, header 150 characters).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A quoted block of user text, each line prefixed with `>`. */
export function quote(text: string): string {
  return escapeMrkdwn(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** `slack:U0123` → `<@U0123>`; other namespaces are shown as they are. */
export function mentionStaff(staffId: string): string {
  return staffId.startsWith('slack:') ? `<@${staffId.slice('slack:'.length)}>` : escapeMrkdwn(staffId);
}

/**
 * Cuts assembled mrkdwn to fit a Block Kit text field (section 3000, field 2000). Escaping can make user
 * text five times longer, so the cut happens after assembly, with a margin for characters Slack may count
 * twice.
 */
export function clampText(text: string, limit: 3000 | 2000 = 3000): string {
  return truncate(text, limit - 100);
}
