/**
 * Crisis lexicon: signs of suicide, self-harm or danger to life, about the user or someone else.
 * Matched against the compact normalised text (no spaces or punctuation, katakana folded to hiragana),
 * so each entry covers kanji/kana/half-width/full-width forms. Recall matters more than precision here
 * (decision 0001): a false alarm costs a staff minute, a miss can cost a life.
 */
import { englishPattern, type Pattern, pattern } from './pattern.ts';

/** Idioms and program words that contain crisis words but are not signs (masked before matching). */
export const crisisMasks: Pattern[] = [
  pattern('mask.idiom', '死ぬほど|しぬほど|死ぬかと思|死ぬ気で|死ぬまでに|死にそうなくらい'),
  pattern('mask.overwork', '過労死|過労自殺|死亡災害|死亡事故|労災死'),
  pattern(
    'mask.program',
    '(自殺|じさつ)(対策|予防|防止|総合対策|率|者数|統計|のsns相談|sns相談|相談窓口|の相談窓口|に関する研修)|ゲートキーパー',
  ),
  pattern('mask.business', '飛び込み(営業|訪問|参加|で|の)'),
  pattern('mask.fall', '(荷台|トラック|車両|脚立|はしご|階段|足場)(から|を)?.{0,4}飛び降り'),
  pattern('mask.insect', '殺虫|殺菌|殺鼠'),
];

/** A negated ideation (「希死念慮を否定」) is a person case for staff, not a crisis. */
export const crisisNegations: Pattern[] = [
  pattern('neg.ideation', '希死念慮(は|を)?(否定|なし|ない|ありません|認めない)'),
];

export const crisisPatterns: Pattern[] = [
  pattern('crisis.wish_to_die', '(死|し)に(たい|たく|たかっ|たえ|てえ)|(死|し)の(う|ー)(と|か|かな)'),
  pattern(
    'crisis.better_dead',
    '(死|し)ぬしか|(死|し)んだ(方|ほう)が(まし|楽|らく|いい|良い|よか)|(死|し)んでしまいたい|(死|し)んじゃいたい|(死|し)ねたら(楽|いい)|楽に(死|し)ね|(死|し)に方|(死|し)ねる方法|(死|し)ぬ方法|(死|し)ぬつもり',
  ),
  pattern('crisis.suicide', '(自殺|じさつ|自死|自害)|希死念慮|自殺未遂'),
  pattern(
    'crisis.disappear',
    '(消|き)え(たい|たく|い?たい|てしまいたい|てしまえたら|てなくなりたい|てしまいたく)|(いな|居な)くなり(たい|たく)|(いな|居な)くなった(方|ほう)が|(いな|居な)くなれば(楽|いい)|(い|居)ない(方|ほう)が(みんな|皆|楽|らく|いい)',
  ),
  pattern(
    'crisis.no_reason_to_live',
    '(生|い)きて(い)?(ても|る|いる)(意味|いみ|価値|仕方|しかた)|(生|い)きる(意味|いみ|気力|希望)(が|も)?(ない|なく|わからな)|生きていたくない|生きたくない|生まれてこなければ|(生|い)き(る|てる|ている|ていく|とる|でん|てん)の(が|も)(つら|辛|しんど|疲れ|つかれ|いや|嫌|やんだ|きつ|苦し|くるし)|生ぎ.{0,4}(やんだ|いや|嫌)',
  ),
  pattern(
    'crisis.farewell',
    '遺書|(探|さが)さないで|(今|いま)まで(ありがとう|お世話|おせわ).{0,40}(限界|げんかい|さよ(う)?なら|終わりに|おわりに)|(限界|げんかい|終わりにします).{0,40}(今|いま)まで(ありがとう|お世話|おせわ)|さよ(う)?なら.{0,6}ごめん|ごめん.{0,6}さよ(う)?なら',
  ),
  pattern(
    'crisis.end_it',
    '(もう|全部|ぜんぶ|人生|じんせい|明日で|今日で|今夜)(を)?(終わり|おわり)に(する|します|したい|しよう)',
  ),
  pattern(
    'crisis.means',
    '(飛|と)び(降|お)り(たい|たら|よう|そう|る|て|ようと)|(電車|ホーム|線路|踏切|川|海)に?.{0,6}(飛|と)び込(み|む|ん)|(飛|と)び込みたい|首(を)?(吊|つ|くく)|首吊|首つり|練炭|硫化水素|ロープ.{0,20}(用意|買|準備|決め)',
  ),
  pattern(
    'crisis.overdose',
    '(睡眠薬|(?<![農試火医製])薬(?![品剤局事師])|くすり).{0,12}(全部|ぜんぶ|まとめて|大量|たくさん|いっぱい|ありったけ|一気)|(?<![a-z])od(した|しちゃ|して|しそう|っ)|オーバードーズ|過量服薬|大量服薬',
  ),
  pattern('crisis.self_harm', 'リスカ|リストカット|手首(を)?切|腕(を)?切|自傷'),
  pattern('crisis.despair', '楽になりたい|らくになりたい|楽になれる(のかな|かな)'),
  pattern(
    'crisis.threat',
    '殺(す|して|しに|される|されそう|してやる)|(?<!こ)ころ(す|して|しに|してやる)|(刃物|包丁|ナイフ|凶器).{0,8}(振り回|ふりまわ|暴れ|あばれ|脅|おど|向け)|暴れて.{0,10}(刃物|包丁|ナイフ)|火をつけ(る|てやる)|放火',
  ),
  pattern(
    'crisis.unreachable_after_sign',
    '(限界|げんかい|ありがとうございました).{0,40}(連絡|電話).{0,6}(取れ|とれ|つか|付か|出ない|出ません|でない|でません|つながら|繋がら)',
  ),
];

/** A life in danger right now: the reply tells the user to call first. */
export const immediatePatterns: Pattern[] = [
  pattern('immediate.bleeding', '血が(止|と)まら'),
  pattern(
    'immediate.weapon',
    '(刃物|包丁|ナイフ|凶器).{0,8}(振り回|ふりまわ|暴れ|あばれ|脅|おど|向け)|暴れて.{0,10}(刃物|包丁|ナイフ)',
  ),
  pattern(
    'immediate.unconscious',
    '意識が(ない|ありません|戻らない)|息をしていない|呼吸(を|が)?していない|倒れて動かない',
  ),
  pattern(
    'immediate.overdose_taken',
    '(?<![a-z])od(した|しちゃ)|(全部|まとめて|大量に)(飲|の)んで(しまっ|しまいました|しまった)',
  ),
  pattern('immediate.coming', '(今日|今から|いまから).{0,10}(来る|行く|いく)と(言|い)って'),
];

export const englishCrisisPatterns: Pattern[] = [
  englishPattern(
    'crisis.en',
    "kill(ing)? (myself|himself|herself|themselves)|suicid(e|al)|end (my|his|her) life|end it all|take my (own )?life|want to die|wanna die|(don'?t|do not) want to (live|be alive|exist|wake up)|no reason to live|better off dead|self[- ]?harm|cut(ting)? myself|overdos(e|ed)|hang myself|jump off (a|the) (roof|bridge|building)|goodbye (message|note|letter)|suicide note",
  ),
  englishPattern('crisis.en_threat', '(going to|gonna|will) kill|threaten(ed|ing)? to kill'),
];
export const englishCrisisMasks: Pattern[] = [
  englishPattern('mask.en', 'suicide (prevention|awareness|statistics|rate)|gatekeeper'),
];
export const englishImmediatePatterns: Pattern[] = [
  englishPattern('immediate.en', 'bleeding|unconscious|not breathing|has a (knife|gun)|overdosed'),
];
