/**
 * Synthetic Japanese chunks for the retrieval benchmark, with the clustered vocabulary of real documents:
 * each real corpus document is a topic, and a synthetic chunk is written by a word-bigram (Markov) model of
 * one topic, with an occasional jump to another topic's words. The text reads locally like the corpus and
 * shares its vocabulary clusters, but copies none of its sentences, so it competes with the real chunks the
 * way other documents on the same subjects would. Uniform random vectors would be the worst case for
 * approximate nearest-neighbour search and say nothing about real text.
 */
import { splitSentences } from '../../core/knowledge/sentences.ts';
import type { Chunk } from '../../ingest/chunk-blocks.ts';

export interface TopicSource {
  title: string;
  sentences: string[];
}

export interface SyntheticDocument {
  id: string;
  title: string;
  chunks: Chunk[];
}

/** mulberry32: small, fast, deterministic, so every run benchmarks the same text. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Topic {
  title: string;
  /** Words that start a sentence, with repeats (so sampling follows their frequency). */
  starts: string[];
  /** Next words after each word, with repeats. */
  next: Map<string, string[]>;
  /** Content words, for jumps from other topics. */
  words: string[];
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
const contentWord = /[\p{Script=Han}\p{Script=Katakana}]/u;

function wordsOf(sentence: string): string[] {
  return [...segmenter.segment(sentence)].map((s) => s.segment);
}

function buildTopics(sources: readonly TopicSource[]): Topic[] {
  return sources
    .filter((s) => s.sentences.length > 0)
    .map((source) => {
      const starts: string[] = [];
      const next = new Map<string, string[]>();
      const words: string[] = [];
      for (const sentence of source.sentences) {
        const sequence = wordsOf(sentence);
        if (sequence[0] !== undefined) starts.push(sequence[0]);
        sequence.forEach((word, i) => {
          if (contentWord.test(word)) words.push(word);
          const following = sequence[i + 1];
          if (following === undefined) return;
          const list = next.get(word) ?? [];
          list.push(following);
          next.set(word, list);
        });
      }
      return { title: source.title, starts, next, words };
    });
}

/** One sentence from a topic's word-bigram model; ends at 。 or after 60 words. */
function writeSentence(topic: Topic, topics: readonly Topic[], random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let word = pick(topic.starts);
  let text = word;
  for (let i = 0; i < 60 && !word.endsWith('。'); i++) {
    // Now and then a word from another topic, as real text mixes subjects.
    const candidates = random() < 0.05 ? [pick(pick(topics).words)] : topic.next.get(word);
    if (candidates === undefined || candidates.length === 0) break;
    word = pick(candidates);
    text += word;
  }
  return text.endsWith('。') ? text : `${text}。`;
}

/**
 * A heading in the topic's words (the start of a generated sentence), not a copy of a real one: copied
 * headings would make every filler look like the section a question names.
 */
function writeHeading(topic: Topic, topics: readonly Topic[], random: () => number): string {
  const sentence = writeSentence(topic, topics, random).replace(/[。、]/gu, '');
  return sentence.slice(0, 8 + Math.floor(random() * 10));
}

/** Sentences of the real corpus by document, the raw material of the topics. */
export function topicSourcesOf(
  documents: readonly { title: string; chunks: readonly Chunk[] }[],
): TopicSource[] {
  return documents.map((d) => ({
    title: d.title,
    sentences: d.chunks.flatMap((c) => splitSentences(c.content)),
  }));
}

/**
 * `count` chunks in documents of `chunksPerDocument`, each document drawn from one topic. Chunks are
 * 200–450 characters, like real ones.
 */
export function generateSyntheticCorpus(
  sources: readonly TopicSource[],
  count: number,
  options: { seed?: number; chunksPerDocument?: number } = {},
): SyntheticDocument[] {
  const random = createRandom(options.seed ?? 20241124);
  const topics = buildTopics(sources);
  const perDocument = options.chunksPerDocument ?? 100;
  const documents: SyntheticDocument[] = [];
  for (let made = 0, n = 0; made < count; n++) {
    const topic = topics[n % topics.length]!;
    const chunks: Chunk[] = [];
    const size = Math.min(perDocument, count - made);
    for (let ordinal = 0; ordinal < size; ordinal++) {
      const target = 200 + Math.floor(random() * 250);
      let content = '';
      while (content.length < target) content += writeSentence(topic, topics, random);
      chunks.push({ ordinal, section: writeHeading(topic, topics, random), content });
    }
    documents.push({
      id: `synthetic-${n}`,
      title: `${writeHeading(topic, topics, random)}（合成 ${n}）`,
      chunks,
    });
    made += size;
  }
  return documents;
}
