/**
 * "About a specific person's mental health" lexicon (decision 0001). A message is a person case when it
 * describes someone's state (眠れない, 泣いて, 元気がない …), or names a mental-health condition, leave
 * or high-stress result together with a specific person (部下, 社員が, 妻, 私 …). Program questions
 * (ストレスチェック制度, 心の健康づくり計画, 手引きの読み方) name conditions without a person and stay out.
 */
import { anyOf, englishPattern, type Pattern, pattern } from './pattern.ts';

/** Someone's state or behaviour described: a person case on its own. */
export const statePatterns: Pattern[] = [
  // A body that is unwell now, told of someone: 「腰を痛めて歩くのもつらそう」「微熱とだるさが続いてて」.
  pattern(
    'state.body',
    anyOf(
      '(腰|膝|ひざ|肩|首|背中|手首)(を|が)(痛め|いため|しびれ|痺れ|痛くて)',
      // Pain bad enough to slow the day: 「腰痛がひどくて朝起き上がるのに10分かかる」.
      '(腰痛|ようつう|膝の痛み|肩こり|頭痛)が(ひど|酷|つら|辛)(くて|い|すぎ)',
      '(頭|あたま)(も|が)(重い|おもい)',
      '(手|指)が(ふるえ|震え)(て|る)',
      '頭痛が(毎日|ずっと)?(続|つづ)',
      '(微熱|だるさ|倦怠感|めまい|吐き気)(が|と).{0,10}(続|つづ)',
      '寝つきが(悪|わる)',
      '寝不足(で|が|です|なん)',
      '体調を(崩|くず)',
      '体力が(戻|もど)って(い)?(ない|ません)',
      '怖くなって.{0,10}(でき|作業|仕事)',
      // An illness under treatment is what 両立支援 is for (「がん治療中の社員の両立支援を相談したい」): not here.
      '(数値|値)が(悪|わる)くて',
      '再検査と言われ',
      '血圧(が)?[0-9]{3}',
      '(長期|ずっと)(休業|休職)(して|中)',
      '徘徊',
    ),
  ),
  pattern(
    'state.sleep',
    anyOf(
      '(眠|ねむ|寝|ね)れ(ない|なく|ず|て(い)?ない|ません|てません)',
      '(寝|ね|眠|ねむ)(て|れ|れて)へん',
      '寝付けな',
      '夜中に(何度も)?目が覚め',
      '不眠',
    ),
  ),
  pattern(
    'state.appetite',
    anyOf(
      '食欲(が|も)?(ない|なく|落ち)',
      '(ご飯|ごはん|食事)(も|を)?(ほとんど|全然|あまり)?(食べ|たべ|とら|取ら|摂ら|とれ|取れ|取っ|とっ|摂っ)(てい|て)?(ない|なく|ません)',
    ),
  ),
  pattern(
    'state.crying',
    anyOf('泣いて', '泣きながら', '泣いた', '泣き出', '涙(が|を)?(出|流|ぐ)', '涙もろ'),
  ),
  pattern(
    'state.low',
    anyOf(
      '(元気|げんき)(が|も)?(ない|なく|なか|ありません)',
      '落ち込',
      'おちこ',
      '気分が(ずっと|最近|少し|どうも)?(落ち|沈|しず|すぐれ)',
      'ふさぎ込',
      '塞ぎ込',
      '気落ち',
      '意気消沈',
      '憂うつ',
      '憂鬱',
      'ゆううつ',
      '楽しく(ない|なく|ありません)',
      '何をしても楽し',
      'やる気が(起き|おき|出|で)(ない|なく|ません)',
      '何もする気',
      '無気力',
    ),
  ),
  pattern(
    'state.withdrawn',
    anyOf(
      '口数が減',
      '上の空',
      'うわのそら',
      'ぼーっと',
      'ぼーとし',
      'ぼんやりして',
      '孤立して',
      '引きこも',
      'ひきこも',
      '部屋から出て(こ|来)',
      'ため息ばかり',
    ),
  ),
  pattern(
    'state.changed',
    anyOf(
      '様子(が|の)(おかしい|変|へん|違う|ちがう|気にな|心配|気がかり)',
      '様子が変わ',
      '人が変わった',
      '表情が.{0,4}(暗|くら|乏し|硬|こわば|強張)',
      '(仕事|業務)が(ほとんど|全然|まったく)?手につか(ない|ず|なく)',
      '笑わなくな',
      '笑顔が(消|減|なくな)',
      '怒りっぽ',
      '情緒不安定',
      '感情の起伏',
    ),
  ),
  pattern(
    'state.attendance',
    anyOf(
      '遅刻(ばかり|が続|が増|続き|を繰り返|が多く|しがち|して(て|ばかり))',
      '何度も遅刻',
      'ちこく(ばかり|が)',
      '欠勤(が続|する(よう|ように)|を繰り返|が増|続き)',
      '無断欠勤',
      '休みがち',
      '急に休(ん|む|み)',
      '(朝|あさ)(起き|おき)(れない|られない|られず|れず|れなく)',
      '体が動か(ない|なく)',
      '出社できな',
      '出勤できな',
      '会社に(行|い)けな',
      '会社に来られな',
      '(出社|出勤|会社に来)(し)?なくな',
    ),
  ),
  pattern(
    'state.dread',
    anyOf(
      '(会社|職場|仕事|出社|出勤)(に|へ)?(行く|いく|来る|くる)?(の|こと)?が(本当に|ほんとうに)?(つら|辛|こわ|怖|しんど|苦痛|いや|嫌)',
      '日曜の夜になると',
      '毎日(が)?(つら|辛|しんど|苦し)',
    ),
  ),
  pattern('state.somatic', anyOf('動悸', '吐き気', '過呼吸', '(震|ふる)えて(い|た)', 'めまいが')),
  pattern('state.psychotic', anyOf('独り言', '見張られ', '監視されてい', '幻聴', '幻覚', '被害妄想')),
  pattern('state.alcohol', anyOf('酒の量が増', '飲まないと(眠|ねむ)れ', '酒の(におい|臭い|匂い)', '酒臭')),
  pattern(
    'state.function',
    anyOf(
      'ミス(が|ばかり)(続|増|多)',
      'ミスばかり',
      '集中できな',
      '手につかな',
      '仕事にならな',
      'しごとにならな',
      '(持|も)ちそうに(な|あり)',
      'もう(持|も)たない',
      '疲れ果て',
      '燃え尽き',
      '何もかも疲れ',
      'もう限界',
      '迷惑ばかりかけ',
    ),
  ),
  pattern(
    'state.harassed',
    anyOf(
      '怒鳴られ',
      'どなられ',
      '(パワハラ|セクハラ|ハラスメント|いじめ)(を|に)?(受け|され|あって|あい)',
      '(パワハラ|セクハラ|ハラスメント|いじめ)で(毎日|眠|つら|辛|苦し|悩|休)',
      'いじめられ',
      '詰められ',
      '罵倒され',
    ),
  ),
  pattern('state.manic', anyOf('躁状態', '躁っぽ')),
];

/** A mental-health condition: a person case only with a specific person and outside a generic frame. */
export const conditionPatterns: Pattern[] = [
  pattern(
    'condition.named',
    anyOf(
      'うつ病',
      '鬱病',
      'うつびょう',
      'うつ状態',
      '抑うつ',
      'うつで',
      '適応障害',
      'てきおうしょうがい',
      '双極性',
      '躁うつ',
      'そううつ',
      '統合失調',
      'パニック障害',
      'パニック発作',
      '不安障害',
      '社交不安',
      '発達障害',
      'adhd',
      'アスペルガー',
      '自閉症',
      '自閉スペクトラム',
      'ptsd',
      '摂食障害',
      '睡眠障害',
      '自律神経失調',
      '依存症',
      'メンタル不調',
      'メンタル(の|面の)?(件|不調|問題|調子|相談|ことで)',
      'メンタルが',
      'メンタルで',
      'うつ(かも|っぽ|気味)',
      '精神疾患',
      '精神的に(参|不安定|まい|きつ)',
      '心の病',
      'こころの病',
      '心療内科',
      '精神科',
      'カウンセリングみたいに',
      '抗うつ薬',
    ),
  ),
];

/**
 * Symptoms someone named has now (「最近血糖値が上がってきて、足がしびれる」「ときどき胸がドキッとします」
 * 「痛み止めを飲み続けています」): a request for health advice, which staff take, read like a named mental
 * condition (a person named, no general frame). A condition being treated, asked about for the work
 * (「乳がん治療中の社員の両立支援」), is a 両立支援 question and is answered.
 */
export const bodyConditionPatterns: Pattern[] = [
  pattern(
    'condition.symptom',
    anyOf(
      '血糖値が(上が|高く)',
      '不整脈が(出|あ)',
      '(足|手|指)(先)?が(しびれ|痺れ)',
      '胸が(ドキッ|どきっ|苦しく|締め付けられ)',
      '痛み止めを(飲|の)み続け',
      '(骨折|ねんざ|捻挫)(しました|して(しまい|い))',
    ),
  ),
];

/** Being on (or back from) leave: a person case with a specific person, unless clearly physical. */
export const leavePatterns: Pattern[] = [
  pattern(
    'leave.status',
    anyOf(
      '(休職|きゅうしょく)(中|ちゅう|して|を繰り返|期間満了|させ|に入|した|している|していた)',
      '休業中',
      '(休|やす)んでいた',
      '(休|やす)んで(い)?(る|ます)',
      '復職(して|予定|したい|させ|可|後|した|を控え|が近|直後|の相談)',
      '職場復帰(して|予定|した|させ)',
      '戻ってきます',
      '戻りたい',
      '(休|やす)みたい(と|って)',
    ),
  ),
];

/** A high-stress result of someone in particular (not 「高ストレス者の面接指導」 in general). */
export const highStressPatterns: Pattern[] = [
  pattern(
    'stress.result',
    anyOf(
      '高ストレス(と|に)(判定され|なっ|なり|だった|出)',
      '高ストレス(だった|になった)',
      '高ストレス(と|の)?判定(が|を)?(出|受け|され)',
    ),
  ),
];

/** Physical conditions: leave for these is 両立支援 information, not a mental-health case; and
 *  symptoms in a chemical or heat context (めまい、吐き気) describe exposure, not someone's mind. */
export const physicalPatterns: Pattern[] = [
  pattern(
    'physical',
    anyOf(
      'がん',
      '癌',
      '骨折',
      'けが',
      '怪我',
      '手術',
      '出産',
      '産休',
      '育休',
      '介護休業',
      '妊娠',
      '腰痛',
      '熱中症',
      '中毒',
      'ばく露',
      '暴露',
      '溶剤',
      '化学物質',
      '振動',
    ),
  ),
];

export const englishPersonPatterns: Pattern[] = [
  englishPattern(
    'state.en',
    anyOf(
      'crying',
      "can'?t sleep",
      'cannot sleep',
      'not sleeping',
      'depress(ed|ion)',
      'burn(ed|t)? ?out',
      'panic attacks?',
      'anxiety',
      'missing (deadlines|work)',
      'withdrawn',
      'breakdown',
      'not (himself|herself|themselves)',
      'struggling',
      'confused',
      'forgets? to eat',
      'insomnia',
      'no appetite',
      'anxious',
      'feeling (down|low|hopeless|empty|overwhelmed)',
    ),
  ),
];
