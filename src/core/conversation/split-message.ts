/**
 * People split one thought over several chat messages: 「部下のことで相談です」 then 「うつ病と診断されました」.
 * Neither is a person case alone; together they are. When the current message is not one, the previous
 * user message of the last few minutes is read with it — for a person case only, never for a crisis (an
 * old crisis message already had its reply). A message that is a person case alone but says nobody
 * (「適応障害と言われたそうです」) takes whom it is about from the previous message.
 */
import { detectSafetySignals, type SafetySignals } from '../safety/detector.ts';
import type { TurnContext } from './turn.ts';

const windowMs = 10 * 60_000;

export async function addSplitMessageSignal(ctx: TurnContext, text: string): Promise<SafetySignals> {
  const own = ctx.signals;
  if (own.crisis || own.humanRequest || (own.personCase && own.subject !== null)) return own;
  const lines = await ctx.deps.store.recentLines(ctx.conversation.id, 4);
  const users = lines.filter((l) => l.from === 'user');
  // The last user line is this message itself (recorded when it was claimed).
  const previous = users.at(-2);
  if (previous === undefined || ctx.now.getTime() - previous.at.getTime() > windowMs) return own;
  const detect = ctx.deps.detectSafety ?? detectSafetySignals;
  if (detect(previous.text).personCase) return own;
  const together = detect(`${previous.text}\n${text}`);
  if (!together.personCase) return own;
  if (own.personCase) return { ...own, subject: together.subject };
  return {
    ...own,
    personCase: true,
    subject: together.subject,
    rules: [
      ...own.rules,
      ...together.rules.filter((r) => !r.startsWith('crisis')).map((r) => `context:${r}`),
    ],
  };
}
