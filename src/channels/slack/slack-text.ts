/**
 * Slack message text → what a LINE user should read. Slack escapes &, < and >, and writes mentions and
 * links as `<@U123>`, `<!here>`, `<https://…|label>`; none of that means anything on LINE.
 */
export function toPlainText(slackText: string): string {
  return slackText
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<tel:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
