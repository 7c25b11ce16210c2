/**
 * Crisis lexicon: signs of suicide, self-harm or danger to life, about the user or someone else.
 * Matched against the compact normalised text (no spaces or punctuation, katakana folded to hiragana,
 * small vowels enlarged) and its romaji reading, so each entry covers kanji/kana/half-width/full-width
 * forms. Recall matters more than precision here (decision 0001): a false alarm costs a staff minute, a
 * miss can cost a life. Kanji and kana spellings are listed side by side: (死|し), (消|き) …
 */
import { anyOf, englishPattern, type Pattern, pattern } from './pattern.ts';

export const crisisPatterns: Pattern[] = [
  pattern(
    'crisis.wish_to_die',
    anyOf('(死|し)に(たい|たく|たかっ|たえ|てえ)', '(死|し)の(う|ー)(と|か|かな)'),
  ),
  pattern(
    'crisis.better_dead',
    anyOf(
      '(死|し)ぬしか',
      '(死|し)んだ(方|ほう)が(まし|楽|らく|いい|良い|よか)',
      '(死|し)ん(で|じゃ)(しまい|い)たい',
      '(死|し)んだら(楽|らく)',
      '(死|し)ねたら(楽|いい)',
      '楽に(死|し)ね',
      '(死|し)に方',
      '(死|し)(ねる|ぬ)方法',
      '(死|し)ぬつもり',
      '(死|し)んでやる',
    ),
  ),
  pattern('crisis.suicide', anyOf('自殺', 'じさつ', '自死', '自害', '希死念慮')),
  pattern(
    'crisis.disappear',
    anyOf(
      '(消|き)え(たい|たく|いたい|てしまいたい|てしまえたら|てなくなりたい|られたら)',
      '(いな|居な)くなり(たい|たく)',
      '(いな|居な)くなった(方|ほう)が',
      '(いな|居な)くなれば(楽|いい)',
      '(い|居)ない(方|ほう)が(みんな|皆|楽|らく|いい)',
      // 「わしがおらんようになっても誰も困らん」: one's absence, weighed as harmless.
      '(いな|居な|おらん|おら|おれん)(く|よう)になっても.{0,8}(誰も|だれも|みんな|家族は)?.{0,4}(困ら|こまら|大丈夫|平気)',
      '(片付|かたづ|整理)(け|し)て.{0,4}(消|き)え(ます|る)',
    ),
  ),
  pattern(
    'crisis.no_reason_to_live',
    anyOf(
      '(生|い)きて(い)?(ても|る|いる)(意味|いみ|価値|仕方|しかた)',
      '(生|い)きている価値',
      '(生|い)きる(意味|いみ|気力|希望)(が|も)?(ない|なく|わからな)',
      '生きていたくない',
      '(生|い)きていけ(ない|ません)',
      '生きたくない',
      '生まれてこなければ',
      '(生|い)き(る|てる|ている|ていく|とる|でん|てん)の(が|も|に)(つら|辛|しんど|疲れ|つかれ|いや|嫌|やんだ|きつ|苦し|くるし)',
      '生ぎ.{0,4}(やんだ|いや|嫌)',
    ),
  ),
  pattern(
    'crisis.farewell',
    anyOf(
      '遺書',
      // A letter left to be found: 「手紙を書いて引き出しに入れた。あとで誰かが見つけてくれれば」.
      '(手紙|メモ|メッセージ).{0,40}(見つけて|あとで誰か|後で誰か)',
      '(探|さが)さないで',
      '(今|いま)まで(ありがとう|お世話|おせわ).{0,40}(限界|げんかい|さよ(う)?なら|終わりに|おわりに)',
      '(限界|げんかい|終わりにします).{0,40}(今|いま)まで(ありがとう|お世話|おせわ)',
      'さよ(う)?なら.{0,6}ごめん',
      'ごめん.{0,6}さよ(う)?なら',
      // A goodbye to everyone, or a last message, then silence.
      '(皆|みな|みんな)(さん|様)?.{0,4}(お元気で|おげんきで|さようなら|さよなら)',
      '(お元気で|おげんきで|ありがとうございました).{0,40}(連絡|電話|既読).{0,8}(つながら|繋がら|取れ|とれ|出ない|でない|つか|つきません)',
      'もう(連絡|れんらく)(しません|しない|できません|せん)',
      'もう(連絡|れんらく)(せんで|しなくて)(ええ|いい|よか)',
      '(探|さが)さんといて',
      '(もう|二度と|にどと)(会え|あえ)(ない|ません|へん|ん)',
      '(思い残す|おもいのこす)(こと)?(は|も)?(もう)?(ない|ありません|なし)',
      '最後に(誰か|だれか)(と|に)(話|はな)',
      // Letters left for the family "in case": 「なにかあったときのためにって家族に手紙を書いた」.
      '(手紙|てがみ|封筒|ふうとう|メモ).{0,30}(何か|なにか)あった(とき|時)',
      '(何か|なにか)あった(とき|時)のため.{0,20}(手紙|てがみ|封筒|ふうとう)',
      '(家族|妻|夫|子供|子ども|両親)(宛|あて)(て)?の(封筒|手紙|ふうとう|てがみ)',
      '(迷惑|責任).{0,30}(家族|妻|子供|子ども)のこと(を)?(お願い|頼|たの|よろしく)',
      '(実印|通帳|印鑑|鍵).{0,30}(置いて|置いとき|おいて|置き).{0,20}(あとは|後は)(よろしく|頼|たの)',
      '最後の(メッセージ|連絡|れんらく|回答|挨拶|あいさつ|らいん)(です|になります|になる|と思)',
      '形見',
    ),
  ),
  pattern(
    'crisis.end_it',
    anyOf(
      '(もう|全部|ぜんぶ|人生|じんせい|何もかも|なにもかも|明日で|今日で|今夜)(を)?((終わり|おわり)に(する|します|したい|しよう)|(終わら|おわら)せ(たい|よう|る|ます))',
      // 「人生を終える予定です」「自分の人生に幕を下ろします」「生涯にけりをつける」.
      '(人生|じんせい|生涯|命|いのち)(を|に|は)?.{0,4}(終える|おえる|終えます|閉じ|とじ|幕を(下|お)ろ|ピリオドを|終止符を|けりをつけ|決着をつけ)',
    ),
  ),
  pattern(
    'crisis.means',
    anyOf(
      '(飛|と)び(降|お)り(たい|たら|よう|そう|る|て|ようと)',
      '(電車|ホーム|線路|踏切|川|海)に?.{0,6}(飛|と)び(込|こ)(み|む|ん|も)',
      '(飛|と)び込みたい',
      '首(を)?(吊|つ|くく)',
      '首吊',
      '首つり',
      '(練炭|連炭|れんたん)(?!.{0,40}(を防|防止|予防|対策|安全指導|安全対策|作業手順|警報))',
      'この世(から|に)?.{0,4}(いなくな|去|さよなら|おさらば|消え|未練はない)',
      '(人生|この世|世の中)(から|を)(退場|降り|おり|卒業|引退|ログアウト)',
      // The same, inverted or in slang: 「そろそろ降ります、人生」「人生詰んだから今日で退場します」.
      '(降り|おり|退場し|卒業し|引退し|ログアウトし)(ます|る|たい|よう)(人生|この世)',
      '(今日|今夜|明日|今週)(で|で人生)?(退場|ログアウト)(します|する|しよう|したい)',
      // 「存在ごとなかったことにしたい」「自分をなかったことに」.
      '(存在|自分|私|俺|僕)(ごと|そのもの|を|は)?(全部)?なかったことに(したい|する|なりたい|なれ)',
      // Going ahead of the family, with an apology: 「母には申し訳ないけれど、先に行きます」.
      '(申し訳|ごめん|すまな|すみません).{0,24}(先に|一足先に|ひと足先に)(行|い|逝)(き|く)',
      '先に(逝|いっ|行っ)て(ます|る|ごめん)',
      // Not there on the day: 「当日来てなかったら、もう私はいないってことなんで」.
      '(もう)(私|わたし|俺|おれ|僕|ぼく|自分)(は|が)?(もう)?(いない|おらん|おらへん|いません)(って|と|から|ので|こと|はず)',
      // Better off without me: 「うちなんかおらんほうがええねん」.
      '(私|わたし|うち|俺|おれ|僕|ぼく|自分)(なんか|なんて|など)?(は)?(おらん|いない|おらへん|おれへん|居ない)(ほう|方)が(ええ|いい|よい|良い|まし|マシ)',
      // Off to the tracks or a height, said in passing: 「ちょっと線路のほう行ってくるわ」.
      '(線路|踏切|ふみきり|ホーム|屋上|橋|崖|がけ)(のほう|の方|まで)(へ|に)?(行って|いって|行っ)(くる|きます|来る)',
      '(ガードレール|壁|電柱|対向車|トラック|橋脚)に.{0,6}(突っ込|つっこ)(もう|む|みます|んで|んでや)',
      'ブレーキ(は|を)?(踏ま|ふま)(ない|ず|ません)',
      '事故だと(思って|思わ|おもって)',
      '樹海(に|へ|まで)',
      '(帰り|かえり)の(切符|きっぷ|チケット)(は|を)?(買|か)って(い)?(ない|ません)',
      '片道(切符|きっぷ)',
      '(屋上|橋の上|ホーム|崖|がけ|ベランダ|非常階段).{0,24}(柵|フェンス|手すり)(は|を|が|も)?.{0,8}(越え|こえ|乗り越え|またい|低い)',
      '(車|くるま).{0,30}(目張り|めばり)',
      '(事故|じこ)に(見せかけ|みせかけ)',
      '(ホース|ほーす).{0,12}(テープ|てーぷ|目張り|めばり)',
      '(屋上|おくじょう)に(出|で)られる.{0,12}(ビル|建物|たてもの|ところ)',
      '(下|した)を(見|み)てから(決め|きめ)',
      '(足場|屋上|橋|ビル|鉄塔).{0,24}(飛ぶ|とぶ|飛び降りる)(っち|って|と)(言|い)',
      '保険金.{0,30}(家族|妻|かみさん|子供|こども|入る|はいる|困らない|こまらない|残せ|のこせ)',
      '(屋上|おくじょう).{0,30}(戻|もど)って(こない|来ない|きません|こーへん)',
      '(踏切|踏み切り|ふみきり|線路|ホーム).{0,10}(で|に)(ずっと|ずーっと)?(座り込|すわりこ|しゃがみこ|立ち尽く)',
      '硫化水素(?!.{0,40}(を防|防止|予防|対策|安全指導|安全対策|作業手順|測定|濃度|基準))',
      'ロープ.{0,20}(用意|買|準備|決め|梁|はり|鴨居|ドアノブ|体重)',
      // A cord carried to a lonely place: 「今ロープ持って裏山に来てる」「紐をかばんに入れて橋まで来た」.
      '(ロープ|縄|なわ|紐|ひも)(を)?.{0,8}(持って|もって|持ち|入れて|いれて).{0,16}(山|森|林|橋|屋上|倉庫|公園|海|川)',
      '(梁|鴨居|ドアノブ)に.{0,6}(掛け|かけ|吊|つる)',
      '(屋上|ベランダ|橋|ホーム).{0,20}(フェンス|柵)の(外|向こう)',
      '白線の(外|向こう)',
      '(電車|線路|ホーム|踏切).{0,12}(吸い寄せ|引き込まれ|吸い込まれ)',
      '(吸い寄せ|引き込まれ|吸い込まれ).{0,12}(電車|線路|ホーム|踏切)',
    ),
  ),
  pattern(
    'crisis.overdose',
    anyOf(
      '(睡眠薬|(?<![農試火医製])薬(?![品剤局事師])|くすり).{0,12}(全部|ぜんぶ|まとめて|大量|たくさん|いっぱい|ありったけ|一気)',
      '(?<![a-z])od(した|しちゃ|して|しそう|っ)',
      // Medicine with alcohol, or a whole box at once: 「焼酎でデパス流し込んだ」「睡眠薬とお酒いっしょに飲んだ」.
      '(デパス|睡眠薬|睡眠約|眠剤|すいみんやく|(?<![農試火医製])薬(?![品剤局事師])|くすり).{0,12}(酒|お酒|焼酎|チューハイ|ビール|アルコール).{0,8}(一緒|いっしょ|流し込|飲ん|のん)',
      '(酒|焼酎|チューハイ|ビール|アルコール).{0,6}(で|と)(デパス|睡眠薬|眠剤|薬|くすり)(を)?(流し込|飲|の)',
      '(箱|はこ|瓶|びん|シート)ごと(飲|の)',
      // Medicine stockpiled: 「薬を2週間分ためてる」.
      '(睡眠薬|(?<![農試火医製])薬(?![品剤局事師])|くすり).{0,12}(ため|貯め|溜め)(て|た|込|こ)',
      'オーバードーズ',
      '過量服薬',
      '大量服薬',
    ),
  ),
  pattern(
    'crisis.self_harm',
    anyOf(
      'リスカ',
      'リストカット',
      '手首(を)?切',
      '腕(を)?切',
      '自傷',
      '自分(の体)?を(傷つけ|切|殴)',
      '(自分|じぶん)(の(体|からだ|腕|うで|手首|てくび))?を(傷つけ|きずつけ)',
      '(タバコ|たばこ|煙草).{0,10}(押し付け|おしつけ|押し当て|おしあて)',
      '(皮膚|肌|腕|うで).{0,8}(えぐ|かきむし|掻きむし|引っかい|ひっかい).{0,24}(血|ち)が(出|で)',
    ),
  ),
  pattern(
    'crisis.despair',
    anyOf(
      '楽になりたい',
      'らくになりたい',
      '楽になれる(のかな|かな)',
      '(明日|朝|あした|あさ)(の朝)?が(来|こ)なければ',
      '(このまま)?目が覚めなければ',
      '(起き|おき)(れ|られ)(なくて|んくて)も(いい|ええ|かまわない|構わない)',
    ),
  ),
  pattern(
    'crisis.violence',
    anyOf(
      '殺(す|して|しに|される|されそう|してやる)',
      '(?<!こ)ころ(す|して|しに|してやる)',
      '(刃物|包丁|ナイフ|凶器).{0,8}(振り回|ふりまわ|暴れ|あばれ|脅|おど|向け)',
      '暴れて.{0,10}(刃物|包丁|ナイフ)',
      '火をつけ(る|てやる)',
      '放火',
      // Setting a workplace or a home on fire: 「職場の倉庫に火つけたら」.
      '(会社|職場|倉庫|事務所|工場|家|店|部屋)に(火|ひ)(を)?(つけ|付け|放)',
      // Poison in someone's drink or food: 「お茶に工場の薬品を混ぜる」.
      '(お茶|飲み物|コーヒー|弁当|食べ物|水筒|給食|料理)に.{0,10}(薬品|薬|毒|農薬|洗剤|漂白剤|殺虫剤)(を)?(混ぜ|入れ|まぜ|いれ|盛)',
      '(中に)?人が(いても|おっても|居ても)(やる|やります|かまわない|構わない)',
      '(必ず|絶対|ぜったい|かならず)(後悔|こうかい)させ',
      '(バット|鉄パイプ|バール|包丁|ナイフ|刃物|はもの).{0,8}(で)?(なぐ|殴|刺|さす|さし)',
      '(住所|家|いえ)は(分|わ)かって(いる|る|んだ)',
    ),
  ),
  pattern(
    'crisis.medical',
    anyOf(
      '意識が(ない|ありません|戻らない)',
      '息をしていない',
      '呼吸(を|が)?していない',
      '倒れて動かない',
      '心臓が止ま',
    ),
  ),
  pattern(
    'crisis.unreachable_after_sign',
    '(限界|げんかい|ありがとうございました).{0,40}(連絡|電話).{0,6}(取れ|とれ|つか|付か|出ない|出ません|でない|でません|つながら|繋がら)',
  ),
];

/** A life in danger right now: the reply tells the user to call first. */
export const immediatePatterns: Pattern[] = [
  pattern('immediate.bleeding', anyOf('血が(止|と)ま(ら|りません)', '大量に出血', '出血が(止|ひど)')),
  pattern(
    'immediate.weapon',
    anyOf(
      '(刃物|包丁|ナイフ|凶器).{0,8}(振り回|ふりまわ|暴れ|あばれ|脅|おど|向け)',
      '暴れて.{0,10}(刃物|包丁|ナイフ)',
    ),
  ),
  pattern(
    'immediate.unconscious',
    anyOf(
      '意識が(ない|ありません|戻らない)',
      '息をしていない',
      '呼吸(を|が)?していない',
      '倒れて動かない',
      '心臓が止ま',
    ),
  ),
  pattern(
    'immediate.overdose_taken',
    anyOf('(?<![a-z])od(した|しちゃ)', '(全部|まとめて|大量に)(飲|の)んで(しまっ|しまいました|しまった)'),
  ),
  pattern(
    'immediate.now',
    anyOf('(今|いま)(から|すぐ).{0,12}(死|飛び降り|首を)', '屋上にいます', '線路にいます'),
  ),
  pattern('immediate.coming', '(今日|今から|いまから).{0,10}(来る|行く|いく)と(言|い)って'),
];

export const englishCrisisPatterns: Pattern[] = [
  englishPattern(
    'crisis.en',
    anyOf(
      'kill(ing)? (myself|himself|herself|themselves)',
      'charcoal (and|&) (tape|a tape)',
      '(bought|buy|got) (some )?charcoal',
      'tonight is the night',
      'suicid(e|al)',
      'end(ing)? (my|his|her|their) (own )?life',
      'end(ing)? it all',
      'take my (own )?life',
      'want to die',
      'wanna die',
      "(don'?t|do not) want to (live|be alive|exist|wake up)",
      'no reason to live',
      'better off dead',
      'self[- ]?harm',
      'cut(ting)? myself',
      'overdos(e|ed)',
      'hang myself',
      'jump off (a|the) (roof|bridge|building)',
      'goodbye (message|note|letter)',
      'suicide note',
      'no way out',
      'sorry for everything',
      '(letters?|notes?) (to|for) (my|his|her|their) (kids|children|family|wife|husband|partner|parents)',
      '(burn|burning|burned|hurt|hurting|hurted) myself',
      "(won'?t|will not|wont) have to (deal with|see|worry about|put up with) me",
      'how (high|tall) (the|that) (bridge|building|roof|cliff)',
      "after (i'?m|i am|he'?s|she'?s) gone",
      '(gave|giving|give) away (all )?(my|his|her) (things|stuff|belongings|tools)',
      "(i'?ve|i have) set a date",
      'pills? (saved|stockpiled|hoarded)|(saved|stockpiled|hoarded) (up )?(my |his |her )?pills',
      'took (about |around )?\\d+ (of )?(my |his |her )?(sleeping )?pills',
      'addressed to (his|her|my|their) (parents|family|wife|husband|kids|children|mother|father)',
      'going on a long (trip|journey)',
      'this is (my|the) last message',
    ),
  ),
  englishPattern(
    'crisis.en_violence',
    anyOf(
      '(going to|gonna|will) kill',
      'threaten(ed|ing)? to kill',
      "(going to|gonna|will|i'?ll) drive .{0,30} into (the|our|his|her) (office|building|store|shop|crowd)",
    ),
  ),
];
export const englishImmediatePatterns: Pattern[] = [
  englishPattern(
    'immediate.en',
    anyOf('bleeding', 'unconscious', 'not breathing', 'has a (knife|gun)', 'overdosed'),
  ),
];
