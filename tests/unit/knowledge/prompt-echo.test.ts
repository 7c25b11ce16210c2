/**
 * The prompt-echo check on generated answers: a pasted prompt (whole, a part, reflowed) is caught; the
 * corpus itself, which answers legitimately quote, never is, although it names the centers the way the
 * prompt does.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { echoesPrompt } from '../../../src/core/knowledge/prompt-echo.ts';
import { loadPrompt } from '../../../src/infra/settings/load-settings.ts';

describe('echoesPrompt', () => {
  it('catches the prompt pasted whole, in part, or with its lines reflowed', async () => {
    const { body } = await loadPrompt('prompts', 'answer');
    expect(echoesPrompt(body, body)).toBe(true);
    expect(echoesPrompt(`承知しました。${body.slice(200, 320)}以上です。`, body)).toBe(true);
    expect(echoesPrompt(body.slice(0, 400).replace(/\n/gu, ' '), body)).toBe(true);
  });

  it('lets an answer share a name or a phrase with the prompt', async () => {
    const { body } = await loadPrompt('prompts', 'answer');
    const answer =
      '産業保健総合支援センター（さんぽセンター）と地域産業保健センター（地産保）では、事業主・人事労務担当者・衛生管理者・産業医などからの相談に無料で応じています。';
    expect(echoesPrompt(answer, body)).toBe(false);
  });

  it('flags no paragraph of the corpus', async () => {
    const { body } = await loadPrompt('prompts', 'answer');
    const dir = 'corpus/guides';
    const flagged: string[] = [];
    for (const name of await readdir(dir)) {
      const text = await readFile(join(dir, name), 'utf8');
      for (const paragraph of text.split(/\n{2,}/u)) {
        if (echoesPrompt(paragraph, body)) flagged.push(`${name}: ${paragraph.slice(0, 40)}`);
      }
    }
    expect(flagged).toEqual([]);
  });
});
