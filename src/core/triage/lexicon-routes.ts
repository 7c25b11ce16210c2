/**
 * Lexicon for the offline routes small talk, visit and consultation (decline: lexicon-decline.ts; what is
 * in the program's scope: lexicon-domain.ts). Matched against the compact normalised text and its romaji
 * reading; English patterns against the spaced text.
 */
import type { SmalltalkKind } from '../replies/smalltalk.ts';
import { specialistSource } from '../safety/lexicon-subjects.ts';
import { anyOf, englishPattern, type Pattern, pattern } from '../safety/pattern.ts';

export const smalltalkPatterns: { kind: SmalltalkKind; pattern: Pattern }[] = [
  {
    kind: 'about',
    pattern: pattern(
      'small.about',
      anyOf(
        '(何|なに)が(できる|でき|聞け)',
        '(何|なに)を聞け',
        'どんなこと(を|が)?(聞け|きけ|でき|相談でき|質問でき)',
        'あなたは(誰|だれ|何|なに)',
        '使い方',
      ),
    ),
  },
  {
    kind: 'thanks',
    pattern: pattern(
      'small.thanks',
      anyOf(
        'ありがとう(ございます|ございました)?',
        'ありがと',
        'あざす',
        'おおきに',
        '助かりました',
        '助かります',
        '感謝します',
      ),
    ),
  },
  {
    kind: 'bye',
    pattern: pattern(
      'small.bye',
      anyOf('さようなら', 'さよなら', 'またね', 'ほなまた', 'ばいばーい', 'ばいばい', '失礼します'),
    ),
  },
  {
    kind: 'greeting',
    pattern: pattern(
      'small.greeting',
      anyOf(
        'こんにちは',
        'こんばんは',
        'おはよう(ございます)?',
        'はじめまして',
        'よろしく(お願いします|おねがいします)?',
        'もしもし',
        'お疲れ(さま|様)(です)?',
        'おつかれ(さま)?(です)?',
      ),
    ),
  },
  {
    kind: 'ack',
    pattern: pattern(
      'small.ack',
      anyOf('了解(しました|です)?', 'りょうかい', '(わ|分)かりました', '承知(しました)?', '^はい$', '^うん$'),
    ),
  },
  {
    kind: 'other',
    pattern: pattern(
      'small.other',
      anyOf(
        'テスト',
        'スタンプ',
        '友(だ|達)ち?追加(しました)?',
        'また何かあったら(聞|き)きます',
        'また(聞|き)きます',
      ),
    ),
  },
  {
    kind: 'about',
    pattern: englishPattern('small.about_en', anyOf('what can you do', 'who are you', 'help')),
  },
  { kind: 'thanks', pattern: englishPattern('small.thanks_en', anyOf('thank you', 'thanks', 'thx')) },
  { kind: 'bye', pattern: englishPattern('small.bye_en', anyOf('bye', 'goodbye', 'see you')) },
  {
    kind: 'greeting',
    pattern: englishPattern(
      'small.greeting_en',
      anyOf('hello', 'hi', 'hey', 'good (morning|afternoon|evening)'),
    ),
  },
  { kind: 'ack', pattern: englishPattern('small.ack_en', anyOf('ok', 'okay', 'got it', 'sure')) },
  { kind: 'other', pattern: englishPattern('small.other_en', anyOf('test', 'testing')) },
];

export const visitPatterns: Pattern[] = [
  pattern(
    'visit.come',
    anyOf(
      '(会社|かいしゃ|事業場|事業所|職場|しょくば|工場|現場|げんば|現地|施設|倉庫|店舗|事務所|営業所|うち|当社|弊社|事業所さ)(に|へ|まで|の方に)?(一度|いっぺん|いちど|実際に)?(来|き)て',
      '見に(来|き)て',
      'の(店|お店|工場|会社|事務所|現場|職場|事業所|作業場|倉庫)(に|へ|まで)(一度|いっぺん|いちど|実際に)?(来|き)て',
      '(店|お店)(に|へ|まで)(来|き)て',
      // 「来てもらってる」 says who works there (週3日だけ来てもらってるパートさん), not a request.
      '(来|き)て(いただけ|いただき|いただいて|もらえ|もらい|もらって(?!る|い(る|ます)|ます)|もろ|ほしい|くださ|くれませ|くれない|くれへん)',
      // 「弊社の店舗まで講師の方にお越しいただいて」.
      '(お越し|おこし)(いただ|頂|ください|下さい|願|ねが)',
      '見て回',
      '(当社|弊社|うち|会社)の(会議室|事業場|工場|現場|事務所)で',
    ),
  ),
  pattern(
    'visit.onsite',
    anyOf(
      '出張(で|して|研修|講師|の)',
      // 「社内で研修を」 asks for a session; 「社内でつくるとき」 only says where something is done.
      '社内(で|にて)(の)?(研修|講習|講演|説明会|勉強会|セミナー)',
      '社内に講師',
      '(社内|現場|職場|工場|事業場|うち)(で|にて).{0,8}(やって|実施して|開いて|行って|おこなって)(ほしい|欲しい|もら|いただ|くれ|くださ)',
      '講師を(呼|派遣|お願い)',
      '派遣して(もら|いただ|ほしい|くださ)',
      '現場を見',
      '現場(で|にて)(の)?(指導|説明|研修|講習|確認|チェック|助言|アドバイス)',
      '巡視に',
      '(現場|職場)を見て',
      // Someone to look at the place: 「専門の人に現場見てもろたら」「施設の環境を専門の方に見ていただいて」.
      '(現場|現地|職場|工場|施設|作業場|事務所|倉庫|店舗|作業環境|環境|様子|実際の作業|作業の様子)(を|の)?.{0,12}(見て|みて|診て|確認して|チェックして)(いただ|もら|もろ|ほし|欲し|くれ|くださ)',
      // A talk or a lecture given at the workplace: 「社内で管理職むけに講義してもらう日」「会社でしていただく」.
      '(社内|会社|当社|弊社|うち|職場|事業所|工場)(で|にて).{0,20}(講義|講演|研修|講習|話|説明|セミナー|勉強会)(を)?(して|し)(もら|いただ|ほし|くれ)',
      '(講義|講演|研修|講習|話|説明|セミナー|勉強会)を(社内|会社|当社|弊社|うち|職場|事業所|工場)(で|にて)(して|し|やって|開いて)(もら|いただ|ほし|くれ)',
      // The workplace as the place of the service: 「こちらの事務所で対応してもらえないか」.
      '(こちら|うち|当社|弊社|会社|自社)の(事務所|事業所|工場|現場|会議室|店舗|施設)で.{0,20}(対応|指導|実施|説明|相談|話)して(いただ|もら|もろ|ほし|くれ)',
    ),
  ),
  pattern(
    'visit.service',
    anyOf(
      '(個別)?訪問(支援|指導)?(を|で|の)?(申し込|もうしこ|お願い|依頼|希望|頼|してほし|して(いただ|もら)|で支援|実施して)',
      '訪問支援(を|は)?.{0,12}(お願い|もらえ|いただけ|実施)',
      '訪問(支援)?の(予約|申し?込|依頼)',
    ),
  ),
  englishPattern(
    'visit.en',
    anyOf(
      'visit (our|us|the company|the workplace)',
      'come to (our|the)',
      'on-?site',
      'send (someone|somebody|a (doctor|nurse|specialist|consultant)) to',
    ),
  ),
];

const specialist = specialistSource;
const consultAct =
  '(話|はなし|相談|そうだん|打ち?合わ?せ|面談|アドバイス|助言|意見(?!聴取|ちょうしゅ)|聞い|聞き|聞か|きい|聴い)';
const consultWish =
  // Not a wish someone else said (「面談したい言うとる」), a deadline asked (いつまで), nor 「…ました。いつ」
  // run together once punctuation is gone.
  '((?<!まし)たい|(て|で)(ほしい|欲しい)|もら(え|い|っ)|いただ(け|き)|でき(る|れば|たら|ない)|機会|空き|あき|空いて|あいて|いつ(?!まで)|どうしたら|どうすれば|つない|ありがたい|助かり|したく|してぇ|してえ)(?!(って|と)?(言|い[うっわ]))';

/** Going to the center with something to be looked at is a consultation there, not a visit to the workplace. */
export const toCenterPatterns: Pattern[] = [
  pattern(
    'consult.at_center',
    '(そちら|センター|貴センター|さんぽ)(へ|に|まで)(伺|うかが|行って|行け|行っても|出向|持って(いけ|行))',
  ),
];

export const consultationPatterns: Pattern[] = [
  pattern(
    'consult.book',
    anyOf(
      '予約(を|が|は)?(したい|お願い|おねがい|取りたい|とりたい|取れ|をとり|を取り|します|できますか|変更|をして)',
      '予約を.{0,6}変更',
      '(相談|面談)できる(枠|日時|日)',
      'よやく(したい|を|お願い|おねがい)',
      'そうだん.{0,3}よやく',
    ),
  ),
  pattern(
    'consult.wish',
    anyOf(
      '(面談|電話|でんわ|オンライン|メール|zoom|対面|窓口)(で|の|にて)?.{0,8}(相談|専門的相談|面談|意見交換)(を|が)?(したい|させて|お願い|受けたい|できますか|したく)',
      '面談(で|を)(相談|お願い|させて|したい)',
      '面談の予約',
      '相談(の|を)?(予約|させて|させていただ|乗って|にのって|のって)',
      '相談したい(です|のです|んです|と思|ので)',
      '(ご)?相談(する|の)時間',
      '(送って|送るので|メールで).{0,8}見て(いただ|もら)',
    ),
  ),
  pattern(
    'consult.expert',
    anyOf(
      '専門(家|の方|スタッフ|の先生)(に|と|の方に|との)(相談|面談|意見交換)',
      '社労士の先生に相談',
      '(先生|専門家|専問家|専門の方|専門の人|専門スタッフ|保健師|保険師|ほけんし|相談員|アドバイザー|促進員|産業医|カウンセラー|コンサルタント|お医者さん|医師)(さん|の方|の人|の先生)?(に|と)((直接|一度|いちど|いっぺん|じっくり|ゆっくり|ちゃんと|会って|少し|ちょっと))*.{0,4}(相談|話|面談)(が|を)?(できる|したい|させ|せる|に乗|にの|乗って|できない|できれば|できたら)',
      // A doctor or specialist to give their view on the workplace's cases: 「お医者さんに意見を聞けたら」.
      '(先生|専門家|専門の方|専門の人|お医者さん|医師|産業医|保健師)(さん|の方|の人)?(に|から)(直接|一度|いちど|ちょっと)?.{0,6}(意見|アドバイス|助言|話)(を|が)?(聞|き)(き|け|かせ)',
      // A wish, not a question whether it can be done (「医師に見てもらえますか」 is answered).
      '(先生|医師|お医者さん|産業医|専門家|専門の方|保健師)(さん)?(に|から)(みて|見て|診て)(もらいたい|もろたら|いただきたい|いただけたら|もらえたら|ほしい|欲しい)',
      // Asking for the specialist's time: 「先生の時間とれる？」「いつ空いてる？」「ご都合つきますか」.
      '(先生|専門家|専門の方|専門の人|産業医|医師|保健師|相談員)(さん|の方)?の(時間|都合|予定|空き)',
      '(時間|枠|機会)(って|を|は)?(取って|とって|作って|つくって|設けて)(もらえ|いただけ|くれ)',
      'いつ(なら|だったら|ごろなら|頃なら)?(空いて|あいて|あいと|空いと)',
      'ご都合(つき|は|いかが|よろし)',
      // Talking with someone, in the many ways people ask for it.
      '(お)?(話|はなし)(を)?(し|させ)(て)?(いただけ|いただき|もらえ|ほしい|させていただ)',
      '(お)?(話|はなし)(を)?(聞|き|聴)いて(ほしい|欲しい|もらいたい|もらえ|いただ|くれ)',
      '(はなし|話し|しゃべり|喋り)たい',
      '(直接|じかに|一度|いちど|じっくり|ゆっくり)(お)?(話|はなし|相談|しゃべ)(を|し|っ)?(て)?(し|させ|でき)?(たい|させて|できれば|できたら|いただきたい|相談したい)',
      '(いつ|何日|何時)(なら|だったら|ごろ|頃)?(話せ|会え|相談でき|面談でき)',
      '(空いて|あいて)(る|いる|います)(日程|日|時間|枠)',
      '(面談|相談|面接)の(枠|わく|時間|日程)',
      '(じかん|時間)(を)?(とって|取って)(もら|いただ|くれ)',
      '(先生|医師|お医者様|お医者さん|専門家|専門の方|保健師|保険師|産業医)(さん|様)?(から|に)(直接)?.{0,4}(ご)?(意見|助言|アドバイス)(を)?(いただ|もら|聞|伺|うかが)',
      '機会(を|が)?(設け|もうけ|作って|つくって|いただ|もら|あり|ござい)',
      '相談に(乗|の)って(ほしい|欲しい|もらえ|いただけ|くれ)',
      '(話せる|相談できる|会える|面談できる)(枠|日|時間|日程|機会)',
    ),
  ),
  // Someone to consult, something to do with them and a wish, in any wording between them: 「保健師さんに
  // …いつだったら話聞いでもらえる」「メンタルの専門家の方と一度打ち合わせできるとありがたい」「先生 相談
  // 来週 水曜 空き ある？」. Dialects voice て as で (聞いでもらえる).
  pattern(
    'consult.specialist',
    anyOf(
      `${specialist}.{0,30}${consultAct}.{0,16}${consultWish}`,
      // 「産業医さんにつないでほしい」: the specialist asked for by name.
      `${specialist}(さん|の方|の先生)?(に|と|へ)(つない|繋い|つな)`,
      // A day that suits: 「来月前半で都合つく日はありますか」.
      '(ご)?都合(の)?(つく|良い|よい|いい)(日|時間|日程)',
    ),
  ),
  englishPattern(
    'consult.en',
    anyOf('book (a |an )?(phone |online )?consultation', '(like|want) to (book|consult|schedule)'),
  ),
];

/**
 * A question about a service (whether it exists, what it does, what it costs, whether one may choose)
 * rather than a request for it: 「保健師さんが会社に来て指導してくれるサービスってあるんですか」 is answered,
 * not turned into a booking form, unless the message also asks for it (bookingRequestPatterns).
 */
export const serviceQuestionPatterns: Pattern[] = [
  pattern(
    'info.exists',
    anyOf(
      '(サービス|制度|仕組み|しくみ|窓口|支援|メニュー|もの|こと|の)(って|は|が|も)(ある|あり|あん)',
      '(ある|あん)(んです|んでしょう|のでしょう)か',
      'あるの[?？]?$',
      '(ありますか|ありません?か)[?？]?$',
    ),
  ),
  pattern(
    'info.what',
    anyOf(
      '選べ',
      'どんな',
      // Who comes or answers: 「どのような資格の方が来てくださるのでしょうか」.
      'どのような',
      'どういった',
      'どういう',
      'いくら',
      '費用',
      '料金',
      'お金',
      '無料',
      'タダ(で|なの|です|[?？])',
      '何回',
      'どのくらい',
      'どれくらい',
      '(?<![こも])とは',
      'って(なに|何)',
      '(もらえる|いただける|くれる|できる)(んです|んでしょう|のでしょう|のです)か',
      '(もらえる|くれる|できる)の[?？]?$',
    ),
  ),
];

/** Wording that asks for the service itself: with it, a question about the service is a request too. */
export const bookingRequestPatterns: Pattern[] = [
  pattern(
    'request.wish',
    anyOf(
      '(し|み|き|け|い|り|ち|び|に|え|せ|べ)たい',
      'お願い(します|したい|できます|でき|いたします|致します)',
      '(?<!教えて)(ください|下さい)',
      'ほしい',
      '欲しい',
      '(いただけ|もらえ|くれ)(ません|ます|ない|ないでしょう|ないです)か',
      '予約',
      // Asking for a free slot is asking for the booking: 「相談員さんと会って話せる日ってありますか」.
      '(話せる|相談できる|会える|面談できる|空いている|空いてる|あいてる)(枠|日|時間|日程|機会)',
      '(もらえる|いただける)(日|時間|枠|日程)',
    ),
  ),
];
