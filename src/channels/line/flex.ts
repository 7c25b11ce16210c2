/**
 * Flex bubbles for citations (`sources`) and cards (`summary`, e.g. a booking to confirm). The alt text
 * is what notifications and old clients show; a summary's alt text is only its title, because its rows
 * can hold contact details and health topics that must not appear on a lock screen.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { Citation, QuickReply } from '../../core/message.ts';
import { buttonLabelMax, toLineAction, truncate } from './actions.ts';

const maxCitations = 5;
const maxRows = 20;
const maxButtons = 4;
const altTextMax = 400;
const muted = '#6b7280';
const accent = '#1f6f43';

export function renderSources(citations: readonly Citation[]): messagingApi.FlexMessage {
  const shown = citations.slice(0, maxCitations);
  return {
    type: 'flex',
    altText: truncate(`出典: ${shown.map((c) => c.title).join('、')}`, altTextMax),
    contents: {
      type: 'bubble',
      size: 'mega',
      header: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'text', text: '出典', weight: 'bold', size: 'sm', color: accent }],
      },
      body: { type: 'box', layout: 'vertical', spacing: 'md', contents: shown.map(renderCitation) },
    },
  };
}

function renderCitation(citation: Citation): messagingApi.FlexBox {
  const contents: messagingApi.FlexComponent[] = [
    { type: 'text', text: truncate(citation.title, 200) || '資料', weight: 'bold', size: 'sm', wrap: true },
  ];
  if (citation.section.trim() !== '') {
    contents.push({
      type: 'text',
      text: truncate(citation.section, 200),
      size: 'xs',
      color: muted,
      wrap: true,
    });
  }
  const uri = linkable(citation.url);
  if (uri !== undefined) {
    contents.push({
      type: 'button',
      style: 'link',
      height: 'sm',
      action: { type: 'uri', label: '資料を開く', uri },
    });
  }
  return { type: 'box', layout: 'vertical', spacing: 'xs', contents };
}

export function renderSummary(summary: {
  title: string;
  rows: { label: string; value: string }[];
  actions?: QuickReply[];
}): messagingApi.FlexMessage {
  const rows = summary.rows.slice(0, maxRows).map(
    (row): messagingApi.FlexBox => ({
      type: 'box',
      layout: 'baseline',
      spacing: 'sm',
      contents: [
        { type: 'text', text: truncate(row.label, 40) || '—', size: 'sm', color: muted, flex: 2, wrap: true },
        { type: 'text', text: truncate(row.value, 1000) || '—', size: 'sm', flex: 5, wrap: true },
      ],
    }),
  );
  const buttons = (summary.actions ?? [])
    .map((choice) => toLineAction(choice, buttonLabelMax))
    .filter((action): action is messagingApi.Action => action !== null)
    .slice(0, maxButtons)
    .map(
      (action, index): messagingApi.FlexButton => ({
        type: 'button',
        style: index === 0 ? 'primary' : 'secondary',
        height: 'sm',
        action,
      }),
    );
  const title = truncate(summary.title, 100) || '確認';
  return {
    type: 'flex',
    altText: title,
    contents: {
      type: 'bubble',
      header: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'text', text: title, weight: 'bold', size: 'md', wrap: true }],
      },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: rows.length > 0 ? rows : [{ type: 'text', text: '—', size: 'sm', color: muted }],
      },
      ...(buttons.length === 0
        ? {}
        : { footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons } }),
    },
  };
}

/** Only web links become buttons; anything else (a local path, a typo) is left as plain text. */
function linkable(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    // Not a URL at all: the citation is still shown, without a link.
    return undefined;
  }
}
