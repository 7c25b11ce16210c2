/**
 * Renders the core's OutboundReply values as LINE message objects, and cuts them into API calls:
 * text is split to fit 5,000 UTF-16 units, sources and summaries become Flex bubbles, and the quick
 * replies go on the very last message (LINE only shows them while their message is the latest one).
 */
import type { messagingApi } from '@line/bot-sdk';
import type { OutboundReply, QuickReply } from '../../core/message.ts';
import { quickReplyLabelMax, toLineAction } from './actions.ts';
import { renderSources, renderSummary } from './flex.ts';
import { splitText } from './split-text.ts';

export type LineMessage = messagingApi.Message;

/** Messages per reply or push call. */
export const maxMessagesPerCall = 5;
export const maxQuickReplyItems = 13;

export function renderReplies(replies: readonly OutboundReply[]): LineMessage[] {
  const messages: LineMessage[] = [];
  let choices: QuickReply[] | undefined;
  for (const reply of replies) {
    if (reply.type === 'text') {
      for (const part of splitText(reply.text)) messages.push({ type: 'text', text: part });
      if (reply.quickReplies !== undefined && reply.quickReplies.length > 0) choices = reply.quickReplies;
    } else if (reply.type === 'sources') {
      if (reply.citations.length > 0) messages.push(renderSources(reply.citations));
    } else {
      messages.push(renderSummary(reply));
    }
  }
  const last = messages.at(-1);
  if (last !== undefined && choices !== undefined) {
    const items = choices
      .map((choice) => toLineAction(choice, quickReplyLabelMax))
      .filter((action): action is messagingApi.Action => action !== null)
      .slice(0, maxQuickReplyItems)
      .map((action): messagingApi.QuickReplyItem => ({ type: 'action', action }));
    if (items.length > 0) messages[messages.length - 1] = { ...last, quickReply: { items } };
  }
  return messages;
}

/** Cuts messages into consecutive calls of at most `size` messages each, keeping their order. */
export function toBatches<T>(messages: readonly T[], size: number = maxMessagesPerCall): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < messages.length; i += size) batches.push(messages.slice(i, i + size));
  return batches;
}
