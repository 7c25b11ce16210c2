/**
 * What makes a message not a person case though it reads like one: states said in jest, named as a topic
 * or told as over (masked before lexicon-person.ts's patterns and the n-gram model read a message), and
 * frames that make a message general (a rule, a manual, a definition) rather than about someone.
 */
import { anyOf, englishPattern, type Pattern, pattern, spanChar } from './pattern.ts';

/** What reads as a state but is said in jest or named as a topic; masked before the state patterns. */
export const stateMasks: Pattern[] = [
  // Tiredness said in jest, or named as a topic: 「燃え尽きそうです（笑）」「燃え尽き症候群をテーマにした講話」.
  pattern(
    'mask.jest',
    anyOf(
      '(燃え尽き|もえつき|疲れ果て|限界)[^。！!？?]{0,8}(笑|ww|🔥|😂|🤣)',
      '(燃え尽き|もえつき)(て|た)?(真っ白|まっしろ)な?(灰|はい)',
      '燃え尽き症候群(を|の|について|とは|が|って)?(テーマ|について|とは|講話|研修|講演)',
      // Things at their limit: 「共有フォルダの容量がもう限界」「トナーもう限界」.
      '(容量|トナー|インク|電池|バッテリー|充電|フォルダ|ディスク|メモリ|在庫|予算|スペース|紙)(が|は|も)?(もう)?限界',
    ),
  ),
  // A return to work that went well, told afterwards: 「復職して半年、今はフルタイムで順調に働いています」.
  pattern(
    'mask.resolved',
    anyOf(
      '(復職|職場に戻|職場復帰)(して|した|し|って).{0,24}(順調|元気に|笑顔で|問題なく|フルタイムで|終わり|終了)',
      '(去年|昨年|以前|前に|先日まで)(休職|休業)(して)?(い)?た(社員|従業員|人|方)',
      // A past state told as over: 「入社したての頃は泣いてばかりだったのに、今では新人教育係です」
      // 「以前相談した同僚の件は、もう落ち着いています」「子どもの頃ぜんそくでしたが、大人になってから一度も発作はありません」.
      `(昔|以前|学生時代|入社したての頃|若い頃|子どもの頃|子供の頃|前に(ご)?相談した)${spanChar()}{0,40}(今は|今では|現在は|大人になってから)(もう)?(すっかり|全く|まったく|特に)?(元気|問題(は)?(ありません|ない)|落ち着いています|通常勤務|新人教育係|一度も(発作|症状))`,
      `(以前|前に)(ご)?相談した${spanChar()}{0,30}(クローズ|解決しました|落ち着いています)`,
      // 「以前は不眠に悩んでいましたが、生活リズムを整えてすっかり良くなりました」.
      `(昔|以前|以前は|前は|学生時代|若い頃)${spanChar('今も', 'いまも', 'まだ')}{0,40}(すっかり|完全に|今はもう)(良く|よく|よう|治|なお|元気)`,
      `(数年前|[0-9０-９]+年前|昔|以前)${spanChar('今も', 'いまも', 'まだ', 'また', '最近')}{0,40}(解決しました|解決した|治りました|落ち着きました)`,
    ),
  ),
  // Accidents that keep happening, asked about for the measures: 「指を挟む事故が続いています。対策を」.
  pattern(
    'mask.accidents',
    '(事故|災害|ヒヤリハット|けが|ケガ|怪我|転倒|故障)(の報告)?(が|も)(続|つづ|多|増|相次|起き)',
  ),
  // Tears at a film, a song, a ceremony or a pay slip: 「卒園式で歌を聞いて泣いた」「ボーナス見て泣いた」.
  pattern(
    'mask.tears',
    '(映画|ドラマ|歌|曲|卒園式|卒業式|入学式|結婚式|送別会|お別れ会|退職祝い|ボーナス|給与明細|アニメ|漫画|小説|ライブ|試合|ゲーム|シーン|場面|とこ)[^。]{0,24}(泣いた|泣けた|泣いてもうた|泣いてしまった|泣いちゃった|号泣|うるっと)',
  ),
];

/** A question asked in general terms (「一般的にどのような例がありますか」): the n-gram model's person
 *  verdict alone is not enough there; the lexicon's state patterns still are. Part of the generic frames. */
const generalQuestionSources = [
  '一般的(な|に|には)',
  '一般論',
  'とは何',
  'って何',
  'ひな形',
  '(作り方|作成方法|書き方|進め方)(を|が|について)',
];
export const generalQuestionPatterns: Pattern[] = [
  pattern('frame.general', anyOf(...generalQuestionSources)),
];

/** Frames that make a message general (a manual, a rule, a definition) rather than about someone. */
export const genericFramePatterns: Pattern[] = [
  pattern(
    'frame.generic',
    anyOf(
      ...generalQuestionSources,
      '具体的に.{0,12}(わけではな|訳ではな)',
      '仮に',
      'マニュアル',
      '規程',
      '規定',
      '就業規則',
      '制度',
      '手引き',
      'プログラム',
      '研修',
      '教育',
      '向け',
      '診断基準',
      'の違い',
      '様式',
    ),
  ),
];

/** A state told as long over, in English: 「Years ago I had burnout … I'm fully recovered now」. */
export const englishResolvedPatterns: Pattern[] = [
  englishPattern(
    'resolved.en',
    anyOf('(fully|completely) recovered', "i'?m (fine|okay|ok|well|better) now", 'back to normal now'),
  ),
];
