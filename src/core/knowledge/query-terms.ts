/**
 * Turns a user's question into what the two retrieval paths need: lexical terms weighted by IDF and the
 * text to embed. Synonyms are handled two ways: for lexical matching both documents (at ingestion) and
 * questions are rewritten to each group's canonical form, so 「地産保」 and 「地域産業保健センター」 are the
 * same lexemes; for the embedding, the question is followed by the other members of its groups.
 */

import { kanjiForKana } from './kana-readings.ts';
import { normalizeQuery } from './normalize-japanese.ts';
import type { TermStatistics, WeightedTerm } from './ports.ts';
import { questionWords } from './question-shape.ts';
import { canonicalizeSynonyms, conceptsIn, expandSynonyms } from './synonyms.ts';
import { stemMark, type Tokenizer } from './tokenizer.ts';

/** Question boilerplate with kanji in it, which would otherwise look like a rare, important term. */
const boilerplate =
  /教えて(?:ください|下さい|ほしい|欲しい)?|知りたい(?:です)?|本当(?:です)?|聞きました|聞いた|伺いたい|ご?教示/gu;

const hiraganaOnly = /^[\p{Script=Hiragana}ー]+$/u;
const singleKanji = /^\p{Script=Han}$/u;
const digitsOnly = /^\d+$/u;

/**
 * Words that frame a question in this domain without naming its topic: every question is about some
 * company and its workers. They are left out of evidence checks (not out of retrieval).
 */
const framingWords = new Set([
  '何',
  '誰',
  '人',
  '方',
  '社員',
  '会社',
  '従業',
  '従業員',
  '員',
  '自分',
  'うち',
  '弊社',
  '当社',
  '本人',
  'お願い',
  '場合',
  '必要',
  '可能',
  '質問',
  // When and how the asker talks about it, not what it is about.
  '今月',
  '来月',
  '先月',
  '今年',
  '去年',
  '予定',
  '普通',
  // Conversational fillers: how the asker frames it (結局, 最初, 正直), never what the documents say.
  '結局',
  '最初',
  '正直',
  '実際',
  '一応',
  '基本',
  '基本的',
  '色々',
  '今回',
  '前回',
  '今度',
  '来年',
  'お世話',
  '具体',
  '具体的',
  '全体',
  '以外',
  '大丈夫',
  '簡単',
  'チェーン',
  '直接',
  '聞〜',
  '言〜',
  '知〜',
  '考〜',
  '思〜',
  // 置かないと (appoint someone) is said of every role the documents name by 選任 or 配置.
  '置〜',
  // The kind of workplace the asker runs: context, rarely what the documents are about.
  '飲食',
  '飲食店',
  '店',
  '店舗',
  '工場',
  '町工場',
  '事務所',
  '事業所',
  '介護',
  '施設',
  '建設',
  '製造',
  '運送',
  '物流',
  '小売',
  '倉庫',
  '食品',
  '塗装',
  '金属',
  '加工',
  '印刷',
]);

/**
 * The words by which a question asks whether something is a duty, who may use it, how often or by when
 * (ダメ, 使える, 頻度, 期限): the answer states 「50人以上で選任」 or 「対象です」, rarely the asker's word. The
 * asked form itself is checked instead (question-shape.ts), so they are left out of the evidence words.
 */
const askingWords =
  /ダメ|だめ|駄目|あかん|アカン|いけない|いけません|しなければ|しないと|しなきゃ|やらなきゃ|やらないと|義務(?:付け|づけ)?|必須|使え|つかえ|利用でき|受けられ|頼め|誰でも|頻度|期限|やり方|方法|区切り/gu;

/**
 * Whether a question token must appear in a passage for it to count as evidence. Besides framing words,
 * hiragana-only tokens (grammar), lone kanji (a segmenter's verb stems: 使, 書, 来) and bare numbers
 * (30人, 90時間: details of the asker's case) are left out, and so are question words (何人, いくら): the
 * answer says 「50人未満」, not 何人 (question-shape.ts checks the form of the answer instead).
 */
export function isEvidenceToken(token: string): boolean {
  return !(
    hiraganaOnly.test(token) ||
    questionWords.has(token) ||
    singleKanji.test(token) ||
    digitsOnly.test(token) ||
    framingWords.has(token)
  );
}

/** Katakana readings are guesses: they widen recall without outvoting the question's own words. */
export const readingWeight = 0.5;

export interface PreparedQuery {
  /** Normalised question. */
  text: string;
  /** Question plus the other members of its synonym groups and its katakana readings, for the embedding. */
  expandedText: string;
  /** Distinct lexical tokens of the question, synonyms in canonical form. */
  tokens: string[];
  /** Distinct tokens only the katakana readings contributed. */
  readingTokens: string[];
  /** `tokens` that name the question's topic (isEvidenceToken): what a passage must contain. */
  evidenceTokens: string[];
  /**
   * Evidence tokens only the question's background has (「従業員12人の板金工場をやってます。」 before the
   * actual question): they count for less in the evidence check (contextWeight).
   */
  contextTokens: string[];
}

/** Weight of a background-only token against one of the question proper. */
export const contextWeight = 0.35;

/** Where background ends in a message: a sentence end, or a clause ending in が、/けど、/ので、/し、. */
const clauseBoundary = /(?<=[。！？!?\n])|(?<=(?:が|けど|けれど|けれども|ので|から|し)[、,])/u;
/** The question proper names at least this many topic words, or takes in the clause before it. */
const focusTokens = 2;

/** A clause that asks: it ends as a question or a request does (…ですか。 …でしょうか …っけ 教えてください). */
const askingEnd =
  /(?:か|かな|かね|っけ|の|ください|下さい|ほしい|欲しい|たい(?:です)?|ますか|でしょうか|[？?])[。！？!?\s]*$/u;

/**
 * The question proper. When some sentences ask and others tell (「…とは何を指すのでしょうか。研修資料に
 * 載せたいので、正式な名称で教えてください。」), the asking ones together, wherever they stand, if they name
 * two topic words or more; otherwise the shortest tail of the message's clauses that does (「どこに頼めば
 * いいですか」 alone is only a question frame and takes in the clause before it).
 */
export function questionFocus(text: string, tokenizer: Tokenizer): string {
  const clauses = text
    .split(clauseBoundary)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (clauses.length <= 1) return text;
  const topicWords = (clause: string) =>
    new Set(lexicalTokensOf(clause.replace(boilerplate, ' '), tokenizer).filter(isEvidenceToken)).size;
  const asking = clauses.filter((c) => askingEnd.test(c));
  // Every sentence asks (「…何をしてくれるところでしょうか。簡単にご教示いただけますか。」): all of it is the question.
  if (asking.length === clauses.length) return text;
  if (asking.length > 1) {
    const focus = asking.join('');
    if (topicWords(focus) >= focusTokens) return focus;
  }
  for (let from = clauses.length - 1; from > 0; from--) {
    const focus = clauses.slice(from).join('');
    if (topicWords(focus) >= focusTokens) return focus;
  }
  return text;
}

/**
 * Loanwords typed in hiragana on a phone (すとれすちぇっく, りすくあせすめんと) are katakana in the
 * documents: each hiragana run of 4+ characters is also searched as katakana.
 */
export function katakanaReadings(text: string): string[] {
  const runs = text.match(/[\p{Script=Hiragana}ー]{4,}/gu) ?? [];
  return runs.map((run) =>
    run.replace(/[\u3041-\u3096]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60)),
  );
}

/** Marks a concept lexeme (a synonym group's canonical name), which no tokenizer produces. */
export const conceptPrefix = '§';

/**
 * The lexical form of any text, shared by ingestion and queries: the tokenizer's words with synonyms in
 * canonical form, plus one concept lexeme per synonym group mentioned (「§地域産業保健センター」).
 */
export function lexicalTokensOf(text: string, tokenizer: Tokenizer): string[] {
  return [
    ...tokenizer.tokenize(canonicalizeSynonyms(text)),
    ...conceptsIn(text).map((concept) => conceptPrefix + concept),
  ];
}

export function prepareQuery(question: string, tokenizer: Tokenizer): PreparedQuery {
  const text = kanjiForKana(normalizeQuery(question));
  const tokens = [...new Set(lexicalTokensOf(text.replace(boilerplate, ' '), tokenizer))];
  const own = new Set(tokens);
  const readings = katakanaReadings(text);
  const readingTokens = [
    ...new Set(readings.flatMap((r) => lexicalTokensOf(r, tokenizer)).filter((t) => !own.has(t))),
  ];
  // A synonym group the question names counts once, as its concept lexeme: 「地産保」 is one topic, not
  // five evidence words (地域, 産業, 保健, センター and the concept) that outweigh the detail asked about.
  const conceptWords = new Set(conceptsIn(text).flatMap((concept) => tokenizer.tokenize(concept)));
  const asking = new Set((text.match(askingWords) ?? []).flatMap((w) => lexicalTokensOf(w, tokenizer)));
  // A concept's word keeps its concept even when the segmenter marks it a stem (産業医とか → 医〜).
  const bare = (t: string) => (t.endsWith(stemMark) ? t.slice(0, -stemMark.length) : t);
  const evidenceTokens = tokens.filter(
    (t) => isEvidenceToken(t) && !conceptWords.has(bare(t)) && !asking.has(t),
  );
  const focus = questionFocus(text, tokenizer);
  const focusTokens =
    focus === text ? own : new Set(lexicalTokensOf(focus.replace(boilerplate, ' '), tokenizer));
  return {
    text,
    expandedText: [expandSynonyms(text).text, ...readings].join(' '),
    tokens,
    readingTokens,
    evidenceTokens,
    contextTokens: evidenceTokens.filter((t) => !focusTokens.has(t)),
  };
}

/** BM25's IDF (Robertson–Spärck Jones with +1 so it is never negative). */
export function inverseDocumentFrequency(chunkCount: number, documentFrequency: number): number {
  return Math.log(1 + (chunkCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * Weighted terms that occur somewhere in the index (the others cannot match anything). Terms in more than
 * `maxShare` of all chunks (産業, 保健, ます in this corpus) are left out: their IDF is near zero, so they
 * barely change the order, yet each one makes the database visit most of the index.
 */
export function weighTerms(query: PreparedQuery, stats: TermStatistics, maxShare = 1): WeightedTerm[] {
  const weigh = (term: string, factor: number): WeightedTerm | undefined => {
    const df = stats.documentFrequency.get(term);
    if (df === undefined || df === 0 || df > maxShare * stats.chunkCount) return undefined;
    return { term, weight: factor * inverseDocumentFrequency(stats.chunkCount, df) };
  };
  const background = new Set(query.contextTokens);
  return [
    ...query.tokens.map((t) => weigh(t, background.has(t) ? contextWeight : 1)),
    ...query.readingTokens.map((t) => weigh(t, readingWeight)),
  ].filter((t): t is WeightedTerm => t !== undefined);
}
