/**
 * The program's vocabulary as users say it and as the documents write it. A query that names one member
 * of a group also searches for the others, so 「さんぽ」 finds 産業保健総合支援センター and 「復職」 finds
 * 職場復帰. Matching is longest-first, so 「地さんぽ」 is the regional office, not the prefectural center.
 */
export const synonymGroups: readonly (readonly string[])[] = [
  ['産業保健総合支援センター', 'さんぽセンター', '産保センター', 'さんぽ', '産保'],
  ['地域産業保健センター', '地産保', '地さんぽ', 'ちさんぽ', '地域窓口'],
  ['メンタルヘルス', 'メンタル', '心の健康', 'こころの健康'],
  ['職場復帰', '復職', '職場復帰支援', 'ふくしょく'],
  ['個人事業主', 'フリーランス', '一人親方', '特別加入', '自営業'],
  ['ストレスチェック', 'ストチェ', 'ストレスチエック', 'ストレス検査'],
  ['治療と仕事の両立支援', '両立支援', '両立', 'りょうりつ'],
  ['長時間労働', '残業', '過重労働', 'ちょうじかんろうどう'],
  ['健康診断', '健診', 'けんしん', 'けんこうしんだん', '定期検診'],
  ['意見聴取', '意見を聴く', '意見を聞く', 'いけんちょうしゅ'],
  [
    '面接指導',
    '医師面接',
    '医師の面接',
    'めんせつしどう',
    '医師の面談',
    '医者の面談',
    '医師との面談',
    '医師面談',
  ],
  ['産業医', 'さんぎょうい', '産業い', '医者と契約', '医師と契約', '契約する医者', '会社の医者'],
  ['こころの耳', 'こころのみみ', '心の耳'],
  ['無料', '費用', '料金', 'お金', 'タダ', '受講料', '参加費', '利用料', '相談料'],
  ['助成金', '補助金'],
  ['回数', '何回', 'なんかい', '何度'],
  ['労働者健康安全機構', 'johas', '機構本部'],
  ['個別訪問支援', '訪問支援', '個別訪問'],
  // Everyday words for the documents' terms (employers write 医者, 夜勤, 置いとく; the law 医師, 深夜業, 保存).
  ['医師', '医者', 'お医者さん', 'ドクター'],
  ['深夜業', '夜勤', '深夜勤務', '夜間勤務', 'しんや業'],
  ['保存', '保管しておく', '置いとく', '置いておく', 'とっておく', '取っておく'],
  ['兼任', '兼務', '掛け持ち', 'かけもち', '掛持ち'],
  ['有所見', '引っかかった', 'ひっかかった', '引っ掛かった', '異常の所見', '所見のあった', '所見があった'],
  ['議事録', 'ぎじろく'],
  ['設置', '置かれ', '設けられ', '設けて'],
  // Loads lifted by hand, as people say it: 「手で持たせる荷物」「運ぶ荷物の重さ」.
  ['重量物', '荷物', '重い物', '重いもの', '持ち上げる物'],
  ['選任', 'せんにん'],
  ['委員', 'メンバー'],
  // Readings typed in kana on a phone, for terms users ask about most.
  // 衛星 is the conversion users get when they type えいせい: 「衛星管理者」「衛星委員会」.
  ['衛生委員会', 'えいせいいいんかい', '衛星委員会'],
  ['衛生管理者', 'えいせいかんりしゃ', '衛星管理者'],
  ['衛生推進者', 'えいせいすいしんしゃ', '衛星推進者'],
  ['熱中症', 'ねっちゅうしょう'],
  ['腰痛', 'ようつう'],
  ['化学物質', 'かがくぶっしつ'],
  ['受動喫煙', 'じゅどうきつえん'],
  ['労働災害', '労災', 'ろうさい'],
  // What employers call the authority and the paperwork: 「役所に何か出す」「届出が要る」.
  ['労働基準監督署', '監督署', '労基署', '労基', '役所', 'お役所'],
  ['厚生労働省', '厚労省', 'こうろうしょう'],
  ['報告', '届出'],
  ['大企業', '大手', '大手企業'],
];

export interface ExpandedQuery {
  /** The query followed by the synonyms it implied, for the embedding. */
  text: string;
  /** The synonyms added (not in the query), for lexical matching at a lower weight. */
  added: string[];
}

interface Alias {
  alias: string;
  group: readonly string[];
}

const aliasesLongestFirst: Alias[] = synonymGroups
  .flatMap((group) => group.map((alias) => ({ alias: alias.toLowerCase(), group })))
  .sort((a, b) => b.alias.length - a.alias.length);

/** Adds the other members of every synonym group the (normalised) query mentions. */
export function expandSynonyms(query: string): ExpandedQuery {
  let masked = query.toLowerCase();
  const hitGroups = new Set<readonly string[]>();
  for (const { alias, group } of aliasesLongestFirst) {
    if (!masked.includes(alias)) continue;
    hitGroups.add(group);
    // Mask the match so a shorter alias inside it ("さんぽ" in "地さんぽ") does not match again.
    masked = masked.split(alias).join('\u0000');
  }
  const lower = query.toLowerCase();
  const added: string[] = [];
  for (const group of hitGroups) {
    for (const member of group) {
      if (!lower.includes(member.toLowerCase()) && !added.includes(member)) added.push(member);
    }
  }
  return { text: added.length === 0 ? query : `${query} ${added.join(' ')}`, added };
}

/**
 * The canonical names of the synonym groups a text mentions, once each. Indexed as extra lexemes: the
 * words of 「地域産業保健センター」 (地域, 産業, 保健 …) are in most chunks, but the concept is not.
 */
export function conceptsIn(text: string): string[] {
  let masked = text.toLowerCase();
  const found: string[] = [];
  for (const { alias, group } of aliasesLongestFirst) {
    if (!masked.includes(alias)) continue;
    masked = masked.split(alias).join('\uE000');
    if (!found.includes(group[0]!)) found.push(group[0]!);
  }
  return found;
}

/**
 * Okurigana written or left out (申し込み/申込み, 問い合わせ/問合せ, 受け付け/受付): one word, spelled the way
 * official texts and users each happen to. Rewritten to the shorter spelling before synonyms; unlike a
 * synonym group, a spelling is not a concept and adds nothing to the query.
 */
export const okuriganaVariants: readonly (readonly [string, string])[] = [
  ['申し込', '申込'],
  ['申し出', '申出'],
  ['問い合わせ', '問合せ'],
  ['問い合せ', '問合せ'],
  ['問合わせ', '問合せ'],
  ['受け付け', '受付'],
  ['受付け', '受付'],
  ['取り組', '取組'],
  ['取り扱', '取扱'],
  ['取扱い', '取扱'],
  ['引き受', '引受'],
  ['引受け', '引受'],
  ['立ち入', '立入'],
  ['打ち合わせ', '打合せ'],
  ['割り当', '割当'],
  ['届け出', '届出'],
  ['貸し出', '貸出'],
  ['呼び出', '呼出'],
  ['繰り返', '繰返'],
];

function unifyOkurigana(text: string): string {
  let unified = text;
  for (const [long, short] of okuriganaVariants) unified = unified.split(long).join(short);
  return unified;
}

/**
 * Rewrites every member of a synonym group to the group's first member, longest match first, so a
 * question and a passage that name the same thing differently compare equal (used to judge evidence).
 * Okurigana variants become one spelling first (okuriganaVariants).
 */
export function canonicalizeSynonyms(text: string): string {
  const canonicals: string[] = [];
  let masked = unifyOkurigana(text.toLowerCase());
  for (const { alias, group } of aliasesLongestFirst) {
    if (!masked.includes(alias)) continue;
    masked = masked.split(alias).join(`\uE000${canonicals.length}\uE000`);
    canonicals.push(group[0]!);
  }
  return masked.replace(/\uE000(\d+)\uE000/gu, (_, i: string) => canonicals[Number(i)]!);
}
