/**
 * What is not a crisis though it has crisis words: idioms (死ぬほど忙しい), program and policy words
 * (自殺対策, 希死念慮の定義), stories and the news, events long over, hazards at work (硫化水素 in a
 * manhole). Masked before the crisis patterns (lexicon-crisis.ts) and the n-gram model read a message.
 */
import { anyOf, englishPattern, type Pattern, pattern, spanChar } from './pattern.ts';

/** Idioms and program words that contain crisis words but are not signs (masked before matching). */
export const crisisMasks: Pattern[] = [
  pattern(
    'mask.idiom',
    anyOf(
      '死ぬほど',
      'しぬほど',
      '死ぬかと思',
      '死ぬ気で',
      '死ぬまでに',
      '死にそうなくらい',
      '殺す気か',
      // Work that "kills": 「締切に殺されそう」「ノルマに殺される」 (a person who will kill is not masked).
      '(締切|締め切り|しめきり|〆切|納期|ノルマ|仕事|業務|残業|忙しさ|暑さ|課題|書類|資料)(に|で)(殺さ|ころさ)れ',
      '清水の舞台から(飛|と)び(降|お)り',
      // 「月末の締めが忙しすぎて死ぬw」「推しのライブ当たった！もう死んでもいい」.
      '(忙し|いそがし)(すぎ|過ぎ)て(死ぬ|しぬ|死にそう|死んだ|しんだ)',
      '(当たった|あたった|当選|合格|優勝|最高|幸せ|しあわせ|嬉し|うれし).{0,8}(もう)?(死んでもいい|しんでもいい|死んでもええ)',
      // Only after a named event: 「幸せな人生でした。思い残すことはない」 is a farewell, not joy.
      `(当たった|あたった|当選|合格|優勝)${spanChar()}{0,8}(もう)?(思い残すことはない|悔いはない)`,
      'いや(死な|しな)ないけど',
      // Embarrassment, being buried in paperwork, a heart that nearly stopped, a workload that "kills":
      // 「消えたいくらい恥ずかしかった」「書類の山に埋もれて消えてしまいたい」「緊張で心臓が止まるかと思った」.
      '(消|き)え(たい|てしまいたい|たくなる|たくなった)(くらい|ぐらい|ほど)(恥ずかし|はずかし)',
      '(山|やま)に(埋|う)もれて(消|き)え',
      '(心臓|しんぞう|息|いき)(が)?(止|と)まるかと(思|おも)',
      '(この量|この仕事|これ全部|明日まで|締切|締め切り|納期|ノルマ)(を)?.{0,12}(殺す|ころす)気(です|でしょ|なの|なん|か)',
    ),
  ),
  // A past time told as long over, with nothing now (「昔、死にたいって思ってた時期もあったけど、今はほんとに平気」
  // 「学生のころリスカしてた時期あるけど、もう10年以上前の話」). Any sign after the turn keeps the crisis.
  pattern(
    'mask.past',
    `(昔|むかし|以前|学生(の|時代の)?(頃|ころ)|若い(頃|ころ)|数年前|[0-9０-９]+年(以上)?前)(は|に|、)?(?:(?!今|いま).){0,24}(時期|頃|ころ)(も|が)?(あった|ありました|あります|ある)(けど|けれど|が|けども)${spanChar('リスカ', '切', 'つら', '辛', '今も', 'いまも', 'まだ', 'また', '最近', 'さいきん')}{0,24}(今は|いまは|今では|もう[0-9０-９]+年)${spanChar('今も', 'いまも', 'まだ', 'また', '最近', 'さいきん')}{0,16}(平気|へいき|大丈夫|だいじょうぶ|元気|気にして(い)?ない|問題(は)?ない|前の話)`,
  ),
  pattern(
    'mask.overwork',
    anyOf(
      '過労死',
      '過労自殺',
      '(自殺|自死)未遂歴(の|が)?(ある|あり)(方|人|者)',
      '過労(で|による|のため)(自殺|自死)',
      '死亡災害',
      '死亡事故',
      '労災死',
    ),
  ),
  pattern(
    'mask.program',
    anyOf(
      '(自殺|じさつ|自死|じし)(対策|対索|対作|たいさく|予防|よぼう|防止|ぼうし|総合対策|率|りつ|者数|統計|とうけい|りすく|リスク|関連|報道|遺族|いぞく|のsns相談|sns相談|相談窓口|の相談窓口|に関する|についての)',
      '(自殺|じさつ|自死)(者|しゃ)の(統計|とうけい|数|データ|でーた)',
      // Knowledge asked for in general: 「自殺のサインや予防の基本」「自殺による精神障害の労災認定件数の推移」.
      '(自殺|自死)の(サイン|兆候|危険因子|予兆)(や|と|について|に関する|を学)',
      '(自殺|自死)(による|に係る|の)?.{0,12}(労災認定|認定件数|件数の推移|支給決定件数)',
      // Terms listed as vocabulary (quotes are gone in the compact view): 「希死念慮」「自殺念慮」といった言葉.
      '(希死念慮|自殺念慮|自傷行為|自傷|自殺企図|自殺|自死){2,}(といった|などの|という|等の)(言葉|用語|語)',
      // A subject for training or reading: 「自殺やDVの話題」「自殺をテーマに」.
      '(自殺|自死)(や|と|・).{1,10}(の)?(話題|テーマ|描写|場面)',
      '(自殺|自死)(を|が)?(テーマ|題材|扱)',
      // Which word to write: 「研修資料で『自殺』と『自死』どちらの表記を使うべきか」.
      '(自殺|自死)(と|か)(自殺|自死)(の)?(どちら|どっち|表記|言い方|使い分け)',
      '(自殺|自死).{0,12}(ポストベンション|事後対応)',
      // Something that happened years ago, asked about for the measures since: 「数年前に職場で自殺者が出た」.
      '(数年前|昨年|去年|以前|過去|前年|昔|むかし|何年も前|[0-9一二三四五六七八九十]+年前)(に)?.{0,16}((自殺|自死)(未遂)?(者|事案)?(が|を)?(出|発生|あり|起き)|(自殺|自死)(未遂)?(した|をした)(社員|従業員|職員|人|とき|時|件)|(自殺|自死)(未遂)?し(て)?(労災|遺族|その後))',
      '希死念慮(の|とは|って)(定義|意味|評価|アセスメント|確認方法|とは|何)',
      'ゲートキーパー',
      // Training on it, asked for: 「『部下の自殺のサインに気づく』研修」「希死念慮を訴える社員への初期対応を学べる研修」.
      // The span may hold no intent (「自殺したいくらい研修がつらい」「自殺を考えています。研修講師も限界」 stay crises).
      '(自殺|自死|希死念慮|自殺念慮)(?:(?!したい|します|する|しよう|考え|思|死|つら|辛|限界).){0,20}(研修|講習|セミナー|勉強会|講座)',
    ),
  ),
  // A story, an article or a training case that mentions it, with nobody speaking of themselves between:
  // 「小説で主人公が自殺を考える場面」「新聞記事で若年層の自殺が増えている」「ロールプレイ台本に『もう死にたい』」.
  pattern(
    'mask.fiction',
    anyOf(
      '(小説|映画|ドラマ|アニメ|漫画|マンガ|まんが|記事|ニュース|新聞|報道|動画|ケーススタディ|事例検討|架空|ロールプレイ|台本|教材|作中|劇中|物語)(の中)?(研修|演習)?(で|に|の|では|には|から).{0,24}?(自殺|自死|死にたい|しにたい|消えたい|殺す|殺さ|ころす|遺書)',
      // A title named as such: 「『会社に殺される』みたいなタイトルの本」.
      '.{1,14}(みたいな|という|っていう)(タイトル|題名|見出し)',
      '(死にたい|しにたい|自殺したい|消えたい)[^」]{0,8}」?(という|との|って)?(台詞|セリフ|せりふ)',
      '(自殺|自死|死にたい).{0,24}(という|との)(架空|仮想|想定)(の)?(事例|ケース|設定|場面|相談)',
      // What someone did in a story or the news, asked about: 「屋上から飛び降りるシーン」「刃物ふりまわしたじけん」.
      '(飛び降り|飛び込|首を吊|自殺|刃物|ナイフ|包丁|ふりまわ|振り回).{0,10}(シーン|場面|描写|判例|裁判)',
      '(ニュース|報道|新聞|記事).{0,20}(刃物|ナイフ|包丁|凶器).{0,12}(事件|じけん)',
      // Words said in jest, and said so: 「『消えてしまいたい』と冗談で言ったら」.
      '(消えてしまいたい|消えたい|死にたい|しにたい)(と|って)(冗談|じょうだん)',
      // What a character does in a story, up to the scene word: 「ドラマで主人公が屋上の柵を越えようとするシーン」
      // 「ゲームのラスボス戦で仲間が『もう終わりにしよう』って言うとこ」 (the writer is not in the span).
      '(ドラマ|どらま|映画|えいが|小説|しょうせつ|アニメ|あにめ|漫画|マンガ|まんが|ゲーム|げーむ|作品|物語)(で|の中で|では|の)(?:(?!私|僕|俺|自分|わたし|あたし|うち|わし).){0,40}?(シーン|しーん|しいん|場面|描写|とこ)',
      // A book or a film named after the scene: 「主人公が遺書を書く場面のある小説」.
      '(遺書|自殺|自死|死にたい|消えたい)(?:(?!したい|します|しよう|考えて|思って).){0,16}(場面|シーン|描写)(の|が)?(ある|出てくる|でてくる|含まれる)?(小説|映画|ドラマ|作品|漫画|マンガ|本|アニメ)',
      // A public figure's death as news: 「ある作家が自殺した経緯を紹介したい」.
      '(作家|俳優|女優|芸能人|有名人|著名人|歌手|タレント|政治家|アイドル|選手)(が|の)(自殺|自死)',
    ),
  ),
  // A farewell that says why: a transfer, a move, retirement at the age limit (「転勤で大阪を離れることになりました…皆さまお元気で」).
  pattern(
    'mask.relocation',
    anyOf(
      '(転勤|異動|定年|離任|引っ越し|引越し|転居)(で|のため|することに|になり|します|です|退職).{0,80}(お元気で|さようなら|さよなら|お世話になりました)',
      // Leaving a job, said so on the last day: 「本日をもって退職いたします…お世話になりました」「最終出社日です！皆さんさようなら」.
      // The span may hold no sign (「退職します。明日、死のうと思っています」「最終出社日です。この世から消えます」 stay crises).
      `(退職いたします|退職します|最終出社|最終出勤)${spanChar()}{0,80}(お元気で|さようなら|さよなら|お世話になりました|ありがとうございました)`,
      `(お世話になりました|ありがとうございました|さようなら|さよなら)${spanChar()}{0,40}(新しい職場|転職先|次の職場|異動先|転勤先)`,
    ),
  ),
  pattern('mask.business', '飛び込み(営業|訪問|参加|で|の)'),
  pattern('mask.fall', '(荷台|トラック|車両|脚立|はしご|階段|足場)(から|を)?.{0,4}飛び降り'),
  pattern('mask.insect', anyOf('殺虫', '殺菌', '殺鼠')),
  // Things that may not last: 「在庫が週末まで持つかわからない」 (a person who may not last is not masked).
  pattern(
    'mask.supplies',
    '(在庫|電池|バッテリー|機械|部品|予算|食料|燃料|タイヤ|設備|トナー|インク|資金)(が|は|も)?.{0,6}(もつ|持つ|もた|持た)',
  ),
  // 「『死にたい』と言われたときの対応」 asks how to respond; it reports nobody's words now.
  pattern(
    'mask.hypothetical',
    '(死にたい|しにたい|消えたい|きえたい|自殺したい)(と|って)(言われ|いわれ|打ち明けられ|相談され|口にし|言っ|話し|訴え)(た)?(とき|時|場合|ケース|際)',
  ),
  // A hazard at work, not a means: 「マンホール内の硫化水素」「硫化水素危険作業主任者」.
  pattern(
    'mask.hazard',
    anyOf(
      '(マンホール|タンク|下水|ピット|槽|坑|酸欠|酸素欠乏).{0,30}硫化水素',
      '硫化水素.{0,30}(作業|主任者|酸素欠乏|酸欠|発生するおそれ)',
    ),
  ),
];

/** A negated ideation (「希死念慮を否定」) is a person case for staff, not a crisis. */
export const crisisNegations: Pattern[] = [
  pattern('neg.ideation', '希死念慮(は|を)?(否定|なし|ない|ありません|認めない)'),
];

export const englishCrisisMasks: Pattern[] = [
  englishPattern(
    'mask.en',
    anyOf(
      'suicide (prevention|awareness|statistics|rate)',
      'gatekeeper',
      '(last|previous) year,? (we|our company) had an? (employee |staff )?suicide',
    ),
  ),
];
