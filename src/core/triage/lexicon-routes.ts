/**
 * Lexicon for the offline routes (answer / consultation / visit / decline / smalltalk). Matched against
 * the compact normalised text and its romaji reading; English patterns against the spaced text.
 */

import type { DeclineReason } from '../replies/decline.ts';
import type { SmalltalkKind } from '../replies/smalltalk.ts';
import { englishPattern, type Pattern, pattern } from '../safety/pattern.ts';

export const declinePatterns: { reason: DeclineReason; patterns: Pattern[] }[] = [
  {
    reason: 'injection',
    patterns: [
      pattern(
        'decline.injection',
        '(以前|前|これまで|上記|今まで|いままで)の(指示|命令|設定|ルール).{0,8}(無視|忘れ)|指示を(すべて|全部)?無視|システムプロンプト|プロンプト(を|の)(表示|見せ|教え|出|最初|全部|そのまま)|開発者モード|制限を(全部|すべて)?解除|(設定内容|apiキー|モデル名|隠し(ルール|設定)).{0,12}(出力|教え|表示|見せ)|これからあなたは|あなたは(今から|これから)|として振る舞|ロールプレイ|脱獄|jailbreak',
      ),
      englishPattern(
        'decline.injection_en',
        'ignore (all )?(the )?(previous|prior|above|earlier) (instructions|rules)|system prompt|(reveal|print|show) (me )?(your|the) (hidden )?(prompt|instructions|rules)|hidden rules|developer mode|jailbreak|you are now',
      ),
    ],
  },
  {
    reason: 'medical',
    patterns: [
      pattern(
        'decline.diagnosis',
        '(うつ病|鬱病|病気|adhd|発達障害|躁うつ病|適応障害|統合失調症|不眠症|依存症)(ですか|でしょうか|かどうか|かも(しれ|知れ)|か判断)|診断(して|してもら|基準|をして)|診断書を(書|かい|出し|だし)|セルフチェックして',
      ),
      pattern(
        'decline.medication',
        '(薬|くすり)(の)?(おすすめ|オススメ|を教えて|を飲んで|飲んで(い)?る|飲み合わせ)|(薬|くすり).{0,8}(やめても|止めても|減らしても|増やしても)|(に|が)効く|漢方|サプリ',
      ),
      pattern(
        'decline.treatment',
        '治療(が|は)?必要(かどうか|ですか|でしょうか)|治療(方法|法)を教え|何科(を|に)受診',
      ),
    ],
  },
  {
    reason: 'judgement',
    patterns: [
      pattern(
        'decline.judgement',
        '代わりに(判断|決め|選)|そちらで(判断|決め|選)|(検査)?項目を(選|決め)んで|項目を選んで|(うちの場合|当社の場合|弊社の場合).{0,40}(判断して|決めて)',
      ),
    ],
  },
  {
    reason: 'counselling',
    patterns: [
      pattern(
        'decline.counselling',
        'カウンセラーとして|話し相手に|(毎晩|毎日|ずっと).{0,12}話を聞いて|愚痴を聞いて',
      ),
    ],
  },
  {
    reason: 'labour_law',
    patterns: [
      pattern(
        'decline.labour_law',
        '残業代|割増賃金|割増率|何割増|給料|給与計算|賃金(の)?計算|退職金|年金|税金|社会保険料',
      ),
    ],
  },
  {
    reason: 'offtopic',
    patterns: [
      pattern(
        'decline.offtopic',
        '転職|内定先|翻訳|天気|株価|日経平均|為替|占い|占って|運勢|競馬|有馬記念|宝くじ|作文|恋愛|仲直り',
      ),
      englishPattern('decline.offtopic_en', 'weather|stock market|horoscope|recipe|translate'),
    ],
  },
];

export const smalltalkPatterns: { kind: SmalltalkKind; pattern: Pattern }[] = [
  {
    kind: 'about',
    pattern: pattern(
      'small.about',
      '(何|なに)が(できる|でき|聞け)|(何|なに)を聞け|あなたは(誰|だれ|何|なに)|使い方|どんなことができ',
    ),
  },
  {
    kind: 'thanks',
    pattern: pattern(
      'small.thanks',
      'ありがとう(ございます|ございました)?|ありがと|あざす|おおきに|助かりました|助かります|感謝します',
    ),
  },
  {
    kind: 'bye',
    pattern: pattern('small.bye', 'さようなら|さよなら|またね|ほなまた|ばいばーい|ばいばい|失礼します'),
  },
  {
    kind: 'greeting',
    pattern: pattern(
      'small.greeting',
      'こんにちは|こんばんは|おはよう(ございます)?|はじめまして|よろしく(お願いします|おねがいします)?|もしもし|お疲れ(さま|様)(です)?|おつかれ(さま)?(です)?',
    ),
  },
  {
    kind: 'ack',
    pattern: pattern(
      'small.ack',
      '了解(しました|です)?|りょうかい|(わ|分)かりました|承知(しました)?|^はい$|^うん$',
    ),
  },
  {
    kind: 'other',
    pattern: pattern(
      'small.other',
      'テスト|スタンプ|友だち追加(しました)?|友達追加(しました)?|また何かあったら(聞|き)きます|また(聞|き)きます',
    ),
  },
  { kind: 'about', pattern: englishPattern('small.about_en', 'what can you do|who are you|help') },
  { kind: 'thanks', pattern: englishPattern('small.thanks_en', 'thank you|thanks|thx') },
  { kind: 'bye', pattern: englishPattern('small.bye_en', 'bye|goodbye|see you') },
  {
    kind: 'greeting',
    pattern: englishPattern('small.greeting_en', 'hello|hi|hey|good (morning|afternoon|evening)'),
  },
  { kind: 'ack', pattern: englishPattern('small.ack_en', 'ok|okay|got it|sure') },
  { kind: 'other', pattern: englishPattern('small.other_en', 'test|testing') },
];

export const visitPatterns: Pattern[] = [
  pattern(
    'visit.come',
    '(会社|かいしゃ|事業場|事業所|職場|工場|現場|施設|倉庫|店舗|事務所|営業所|うち|当社|弊社|事業所さ)(に|へ|まで|の方に)?(一度|いっぺん|いちど|実際に)?(来|き)て|見に(来|き)て|(来|き)て(いただけ|いただき|いただいて|もらえ|もらい|もらって|ほしい|くださ|くれませ|くれない|くれへん)|見て回|(当社|弊社|うち|会社)の(会議室|事業場|工場|現場|事務所)で',
  ),
  pattern(
    'visit.onsite',
    '出張(で|して|研修|講師|の)|社内(で|に講師)|講師を(呼|派遣|お願い)|現場(を見|で)|巡視に|(現場|職場)を見て',
  ),
  pattern(
    'visit.service',
    '(個別)?訪問(支援|指導)?(を|で|の)?(申し込|もうしこ|お願い|依頼|希望|頼|してほし|して(いただ|もら)|で支援|実施して)|訪問支援(を|は)?.{0,12}(お願い|もらえ|いただけ|実施)',
  ),
  englishPattern('visit.en', 'visit (our|us|the company|the workplace)|come to (our|the)|on-?site'),
];

export const consultationPatterns: Pattern[] = [
  pattern(
    'consult.book',
    '予約(を|が|は)?(したい|お願い|おねがい|取りたい|とりたい|取れ|をとり|を取り|します|できますか|変更|をして)|予約を.{0,6}変更|(相談|面談)できる(枠|日時|日)|よやく(したい|を|お願い|おねがい)|そうだん.{0,3}よやく',
  ),
  pattern(
    'consult.wish',
    '(面談|電話|でんわ|オンライン|メール|zoom|対面|窓口)(で|の|にて)?.{0,8}(相談|専門的相談|面談|意見交換)(を|が)?(したい|させて|お願い|受けたい|できますか|したく)|面談(で|を)(相談|お願い|させて|したい)|面談の予約|相談(の|を)?(予約|させて|させていただ|乗って|にのって|のって)|相談したい(です|のです|んです|と思|ので)|(ご)?相談(する|の)時間|見ていただ(く|け)|見てもら(う|え)',
  ),
  pattern(
    'consult.expert',
    '専門(家|の方|スタッフ|の先生)(に|と|の方に|との)(相談|面談|意見交換)|社労士の先生に相談',
  ),
  englishPattern(
    'consult.en',
    'book (a |an )?(phone |online )?consultation|(like|want) to (book|consult|schedule)',
  ),
];

/** Occupational-health vocabulary: a message with none of it is outside what the centers do. */
export const domainPatterns: Pattern[] = [
  pattern(
    'domain.ja',
    '産業|健康|健診|検診|ストレス|メンタル|心の|こころ|衛生|保健|労働|残業|時間外|長時間|面接|面談|職場|会社|事業場|事業所|事業者|企業|社員|従業員|職員|労災|化学|作業|助成|センター|さんぽ|地産保|両立|復職|休職|復帰|研修|教育|相談|訪問|予約|腰痛|熱中症|粉じん|騒音|喫煙|治療|sds|リスクアセスメント|有所見|意見|主治医|安衛法|安全|労基|監督署|\\d+人|人数|パート|派遣|特別加入|一人親方|個人事業|フリーランス|ハラスメント|パワハラ|テレワーク|夜勤|深夜業|シフト|過重|疲労|ライン(ケア)?|セルフケア|促進員|コーディネーター|カウンセリング|ホームページ|連絡先|電話番号|窓口|費用|無料|有料|料金|申込|申し込|手続|書類|様式|管理職|管理監督者|委員会|看護|医師|医療|病院|がん|診断|法律|義務|罰則|報告|集団分析|受付|土日|営業時間|すとれす|ちぇっく|けんこう|さんぎょう|じぎょう|かいしゃ|めんたる|けんしゅう|そうだん|しごと|仕事|出勤|出社|勤務|就業|手引き|ガイドライン|指針|通達|法令|規則',
  ),
  englishPattern(
    'domain.en',
    'occupational|health|stress|mental|employees?|workplace|company|consultation|cent(er|re)|sanpo|chisanpo|doctor|training|workers?|threshold|part-time|dispatched|free of charge',
  ),
];

/** Words that make a message read as a question or a request (matched on the spaced text). */
export const questionPattern = pattern(
  'question',
  '[?？]|ですか|ますか|でしょうか|か$|かね$|の$|教えて|おしえて|ください|下さい|どう|どこ|いつ|なに|何|なんで|どうして|知りたい|ほしい|欲しい|\\b(what|how|when|where|why|can|could|is|are|do|does)\\b',
);
