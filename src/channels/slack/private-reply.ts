/**
 * What the Slack listeners share when they answer one staff member: a reply only the clicker sees, the
 * refusal for someone outside the staff channels, and a modal's private metadata read without throwing.
 */
import type { RespondFn } from '@slack/bolt';

export const notStaffText = 'この操作は、スタッフ用チャンネルのメンバーだけができます。';

/** An ephemeral reply to the clicker; the message they clicked stays as it is. */
export async function tellPrivately(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** A modal's private_metadata as JSON, or undefined when it is not (a forged or stale view). */
export function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
