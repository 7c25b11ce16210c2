/**
 * Maps the core's QuickReply choices to LINE action objects (quick reply buttons, Flex buttons).
 * LINE limits: postback `data` and `displayText` ≤ 300; quick-reply labels ≤ 20 characters.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { QuickReply } from '../../core/message.ts';

export const quickReplyLabelMax = 20;
export const buttonLabelMax = 40;
const dataMax = 300;

/** A LINE action for `choice`, or null when it cannot be expressed within LINE's limits. */
export function toLineAction(choice: QuickReply, labelMax: number): messagingApi.Action | null {
  const label = truncate(choice.label, labelMax);
  if (label === '') return null;
  if (choice.picker !== undefined) {
    const data = choice.postback ?? `picker:${choice.picker.mode}`;
    if (data.length > dataMax) return null;
    return {
      type: 'datetimepicker',
      label,
      data,
      mode: choice.picker.mode,
      ...(choice.picker.min === undefined ? {} : { min: choice.picker.min }),
      ...(choice.picker.max === undefined ? {} : { max: choice.picker.max }),
    } satisfies messagingApi.DatetimePickerAction;
  }
  if (choice.postback !== undefined) {
    if (choice.postback.length > dataMax) return null;
    return {
      type: 'postback',
      label,
      data: choice.postback,
      // Shown in the chat as the user's own message, so the conversation reads naturally.
      displayText: truncate(choice.text ?? choice.label, dataMax),
    } satisfies messagingApi.PostbackAction;
  }
  return {
    type: 'message',
    label,
    text: truncate(choice.text ?? choice.label, dataMax),
  } satisfies messagingApi.MessageAction;
}

/** Cuts to `max` characters (code points, so a surrogate pair is never split), marking the cut with …. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.trim());
  if (chars.length <= max) return chars.join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}
