/**
 * The answer without a language model: the sentences of the best passages that cover the most of the
 * question, quoted word for word, each under its source (title and section path). Quoting rather than
 * paraphrasing means the answer can never say something the documents do not.
 */
import type { Citation } from '../message.ts';
import { closingText, introFor, sourceLabel, verificationNote } from './answer-texts.ts';
import { type EvidenceTerms, measureCoverage } from './evidence.ts';
import type { GroundedAnswer, Passage } from './knowledge-base.ts';
import { type AskedForm, hasAskedForm } from './question-shape.ts';
import { splitSentences } from './sentences.ts';
import type { Tokenizer } from './tokenizer.ts';

export interface ExtractiveOptions {
  maxSentences: number;
  /** A further sentence from the best sentence's passage must score at least this share of the best. */
  relativeFloor: number;
  /** The same for a sentence from another passage: a second source must be nearly as relevant. */
  otherPassageFloor: number;
  /** Total quoted characters, so a LINE bubble stays readable. */
  maxChars: number;
}

export const defaultExtractiveOptions: ExtractiveOptions = {
  maxSentences: 3,
  relativeFloor: 0.35,
  otherPassageFloor: 0.9,
  maxChars: 420,
};

interface ScoredSentence {
  passageIndex: number;
  sentenceIndex: number;
  text: string;
  score: number;
}

/** Passage rank costs a little, so between equally good sentences the better passage wins. */
const rankPenalty = 0.1;
/**
 * A sentence in the form the question asks for (a headcount for 何人, a price for いくら) gains this much:
 * between two sentences on the topic, the one that can answer wins.
 */
const formBonus = 0.5;
/**
 * Weight of the whole passage's coverage in each of its sentences' scores. The sentence that states the
 * detail (「最長で20分です」) seldom repeats the topic words its passage opens with (こころの耳電話相談), and
 * scored on its own words alone it lost to the opening sentence. 0.5 with formBonus 0.5 (from 0 and
 * 0.3): 11 more key facts stated over the eight training answer sets (386 → 397 of 684); 0.3 to 1 gave
 * 394–397.
 */
const passageContext = 0.5;
/** A sentence that opens with one of these completes the one before it and is quoted with it. */
const continuation =
  /^(?:ただし|なお|また|その際|この場合|その場合|そのため|このため|ここで|具体的には|例えば)/u;
/** Share of a sentence's score that comes from its own words rather than from its section heading. */
const ownWeight = 0.75;

function scoreSentences(
  passages: readonly Passage[],
  evidence: EvidenceTerms,
  tokenizer: Tokenizer,
): ScoredSentence[] {
  const asks = evidence.asks ?? [];
  return passages.flatMap((passage, passageIndex) => {
    const context = measureCoverage(`${passage.citation.section}\n${passage.text}`, evidence, tokenizer);
    return splitSentences(passage.text).map((text, sentenceIndex) => ({
      passageIndex,
      sentenceIndex,
      text,
      // A sentence should answer in its own words; its section heading ("対象となる事業場") only adds context.
      score:
        ownWeight * measureCoverage(text, evidence, tokenizer) +
        (1 - ownWeight) * measureCoverage(`${passage.citation.section}\n${text}`, evidence, tokenizer) +
        passageContext * context +
        (asks.length > 0 && hasAskedForm(text, asks) ? formBonus : 0) -
        rankPenalty * passageIndex,
    }));
  });
}

/**
 * The sentence after `chosen` in its passage, when it completes it: it opens with ただし/なお…, or the
 * question asks for a form (a deadline, a number) that the chosen sentence lacks and the next one has.
 */
function completingSentence(
  chosen: ScoredSentence,
  all: readonly ScoredSentence[],
  asks: readonly AskedForm[],
): ScoredSentence | undefined {
  const next = all.find(
    (s) => s.passageIndex === chosen.passageIndex && s.sentenceIndex === chosen.sentenceIndex + 1,
  );
  if (next === undefined) return undefined;
  if (continuation.test(next.text)) return next;
  if (asks.length > 0 && !hasAskedForm(chosen.text, asks) && hasAskedForm(next.text, asks)) return next;
  return undefined;
}

function comparable(text: string): string {
  return text.replace(/[\s、。・「」（）()]/gu, '');
}

/** Picks 1–`maxSentences` sentences: the best, then others close to it, no repeats, within maxChars. */
export function selectSentences(
  passages: readonly Passage[],
  evidence: EvidenceTerms,
  tokenizer: Tokenizer,
  options: ExtractiveOptions = defaultExtractiveOptions,
): ScoredSentence[] {
  const scored = scoreSentences(passages, evidence, tokenizer);
  const ranked = [...scored].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (best === undefined) return [];
  const chosen: ScoredSentence[] = [best];
  const seen = new Set([comparable(best.text)]);
  let chars = best.text.length;
  const completing = completingSentence(best, scored, evidence.asks ?? []);
  if (completing !== undefined && chars + completing.text.length <= options.maxChars) {
    chosen.push(completing);
    seen.add(comparable(completing.text));
    chars += completing.text.length;
  }
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= options.maxSentences) break;
    const floor =
      candidate.passageIndex === best.passageIndex ? options.relativeFloor : options.otherPassageFloor;
    if (candidate.score < best.score * floor || candidate.score <= 0) continue;
    const key = comparable(candidate.text);
    if (seen.has(key) || chars + candidate.text.length > options.maxChars) continue;
    seen.add(key);
    chosen.push(candidate);
    chars += candidate.text.length;
  }
  // Read in document order: by passage rank, then by position in the passage.
  return chosen.sort((a, b) => a.passageIndex - b.passageIndex || a.sentenceIndex - b.sentenceIndex);
}

export function citationOf(passage: Passage, quote?: string): Citation {
  return { ...passage.citation, ...(quote === undefined ? {} : { quote }) };
}

export function composeExtractiveAnswer(
  passages: readonly Passage[],
  evidence: EvidenceTerms,
  tokenizer: Tokenizer,
  options: ExtractiveOptions = defaultExtractiveOptions,
): Pick<GroundedAnswer, 'text' | 'citations'> {
  // A center answer was written and approved for this question: it is given whole, on its own.
  if (passages[0]?.kind === 'center') {
    const citation = citationOf(passages[0], passages[0].text);
    return {
      text: [
        introFor(new Set(['center'])),
        `「${citation.quote}」\n${sourceLabel(citation.title, '')}`,
        closingText,
      ].join('\n\n'),
      citations: [citation],
    };
  }
  const sentences = selectSentences(passages, evidence, tokenizer, options);
  const used = [...new Set(sentences.map((s) => s.passageIndex))].map((i) => passages[i]!);
  const citations = used.map((passage) => {
    const index = passages.indexOf(passage);
    const own = sentences.filter((s) => s.passageIndex === index);
    // Sentences that are not adjacent in the passage are marked as an excerpt.
    const quote = own
      .map((s, i) => (i > 0 && s.sentenceIndex > own[i - 1]!.sentenceIndex + 1 ? `…${s.text}` : s.text))
      .join('');
    return citationOf(passage, quote);
  });
  const blocks = citations.map((c) => `「${c.quote}」\n${sourceLabel(c.title, c.section)}`);
  const lines = [introFor(new Set(used.map((p) => p.kind))), ...blocks];
  if (used.some((p) => p.needsVerification)) lines.push(verificationNote);
  lines.push(closingText);
  return { text: lines.join('\n\n'), citations };
}
