/**
 * Synthetic Japanese chunks for the retrieval benchmark, with the clustered vocabulary of real documents:
 * each real corpus document is a topic; a synthetic chunk takes sentences of one topic and replaces a third
 * of their words with words drawn (by frequency) from the same topic, plus an occasional word from another
 * topic. Uniform random vectors would be the worst case for approximate nearest-neighbour search and say
 * nothing about real text; this keeps the lexical and vector statistics of the corpus at any size.
 */
import { splitSentences } from '../../core/knowledge/sentences.ts';
import type { Chunk } from '../../ingest/chunk-blocks.ts';

export interface TopicSource {
  title: string;
  sections: string[];
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
  sections: string[];
  sentences: string[][];
  /** Word pool with repeats, so sampling follows the topic's word frequencies. */
  words: string[];
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

function wordsOf(sentence: string): string[] {
  return [...segmenter.segment(sentence)].map((s) => s.segment);
}

function buildTopics(sources: readonly TopicSource[]): Topic[] {
  return sources
    .filter((s) => s.sentences.length > 0)
    .map((source) => {
      const sentences = source.sentences.map(wordsOf);
      const words = sentences.flat().filter((w) => /[\p{Script=Han}\p{Script=Katakana}]/u.test(w));
      return { title: source.title, sections: source.sections, sentences, words };
    });
}

/** Sentences of the real corpus by document, the raw material of the topics. */
export function topicSourcesOf(
  documents: readonly { title: string; chunks: readonly Chunk[] }[],
): TopicSource[] {
  return documents.map((d) => ({
    title: d.title,
    sections: [...new Set(d.chunks.map((c) => c.section).filter((s) => s !== ''))],
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
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const perDocument = options.chunksPerDocument ?? 100;
  const documents: SyntheticDocument[] = [];
  for (let made = 0, n = 0; made < count; n++) {
    const topic = topics[n % topics.length]!;
    const chunks: Chunk[] = [];
    const size = Math.min(perDocument, count - made);
    for (let ordinal = 0; ordinal < size; ordinal++) {
      const target = 200 + Math.floor(random() * 250);
      let content = '';
      while (content.length < target) {
        const words = pick(topic.sentences).map((word) => {
          if (!/[\p{Script=Han}\p{Script=Katakana}]/u.test(word) || random() > 0.35) return word;
          // Mostly the topic's own words; now and then a word from another topic, as real text mixes.
          return random() < 0.9 ? pick(topic.words) : pick(pick(topics).words);
        });
        content += words.join('');
      }
      chunks.push({
        ordinal,
        section: `${pick(topic.sections.length > 0 ? topic.sections : ['本文'])} (${ordinal})`,
        content,
      });
    }
    documents.push({ id: `synthetic-${n}`, title: `${topic.title}（合成 ${n}）`, chunks });
    made += size;
  }
  return documents;
}
