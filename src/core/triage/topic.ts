/** A coarse topic label for decisions and staff summaries, from keywords (a closed set, never text). */
import type { NormalizedText } from '../safety/normalize.ts';
import { foldKana } from '../safety/normalize.ts';
import type { Topic } from './triage-result.ts';

const rules: [Topic, RegExp][] = [
  ['stress_check', /ストレスチェック|高ストレス|集団分析|sutoresu|stress check/u],
  ['return_to_work', /復職|職場復帰|休職|試し出勤|リハビリ出勤/u],
  ['ryoritsu', /両立|治療と仕事|がん|勤務情報提供書/u],
  ['chemical', /化学物質|リスクアセスメント|sds|有機溶剤|粉じん|特殊健康診断|特殊健診/u],
  ['long_hours', /長時間|残業|時間外|過重労働|過労/u],
  ['health_checkup', /健康診断|健診|有所見|精密検査|保健指導/u],
  ['work_environment', /作業環境|職場巡視|熱中症|腰痛|受動喫煙|テレワーク|騒音/u],
  ['grant', /助成金|補助金/u],
  ['self_employed', /個人事業|一人親方|特別加入|フリーランス/u],
  ['mental_health', /メンタル|心の健康|こころ|うつ|適応障害|ラインケア|セルフケア|mental/u],
  ['center_services', /センター|さんぽ|地産保|相談|訪問|研修|予約|center/u],
].map(([topic, re]) => [topic as Topic, new RegExp(foldKana((re as RegExp).source), 'u')]);

export function topicOf(n: NormalizedText): Topic {
  for (const [topic, re] of rules) if (re.test(n.compact) || re.test(n.spaced)) return topic;
  return 'other';
}
