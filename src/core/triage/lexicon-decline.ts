/**
 * What the assistant declines, by reason (decision 0001): diagnosis, counselling, judgements that belong
 * to the employer or a doctor, and requests outside the program. Matched like lexicon-routes.ts.
 */
import type { DeclineReason } from '../replies/decline.ts';
import { anyOf, englishPattern, type Pattern, pattern } from '../safety/pattern.ts';

export const declinePatterns: { reason: DeclineReason; patterns: Pattern[] }[] = [
  {
    reason: 'injection',
    patterns: [
      pattern(
        'decline.injection',
        anyOf(
          '(以前|前|これまで|上記|今まで|いままで)の(指示|命令|設定|ルール).{0,8}(無視|忘れ)',
          '(指示|命令|設定|ルール)を(すべて|全部)?(無視|忘れ)',
          'システムプロンプト',
          'プロンプト(を|の)(表示|見せ|教え|出|最初|全部|そのまま)',
          '開発者モード',
          '制限を(全部|すべて)?解除',
          '(設定内容|apiキー|モデル名|隠し(ルール|設定)).{0,12}(出力|教え|表示|見せ)',
          'これからあなたは',
          'あなたは(今から|これから)',
          'として振る舞',
          'ロールプレイ',
          '脱獄',
          'jailbreak',
        ),
      ),
      englishPattern(
        'decline.injection_en',
        anyOf(
          'ignore (all )?(the )?(previous|prior|above|earlier) (instructions|rules)',
          'system prompt',
          '(reveal|print|show) (me )?(your|the) (hidden )?(prompt|instructions|rules)',
          'hidden rules',
          'developer mode',
          'jailbreak',
          'you are now',
        ),
      ),
    ],
  },
  {
    reason: 'medical',
    patterns: [
      pattern(
        'decline.diagnosis',
        anyOf(
          '(うつ病|鬱病|病気|adhd|発達障害|躁うつ病|適応障害|統合失調症|不眠症|依存症)(ですか|でしょうか|かどうか|かも(しれ|知れ)|か判断)',
          '何の病気',
          '(糖尿病|高血圧|うつ病|鬱病|うつ|認知症|脳梗塞|がん|癌)(ですよね|じゃない|じゃね|では\\?|だと思)',
          '(数値|データ|検査値)(を)?(送る|送り|送っ|送ります).{0,6}(見て|診て)',
          '診断(して|してもら|基準|をして)',
          '診断書を(書|かい|出し|だし)',
          'セルフチェックして',
        ),
      ),
      pattern(
        'decline.medication',
        anyOf(
          '(薬|くすり)(の)?(おすすめ|オススメ|を教えて|を飲んで|飲んで(い)?る|飲み合わせ)',
          '(薬|くすり).{0,8}(やめても|止めても|減らしても|増やしても)',
          '(に|が)効く',
          // How much of a medicine someone should take: 「薬を飲むべきか、どのくらいの量がいいか」.
          '(薬|くすり).{0,12}(飲むべき|のむべき|飲ませるべき|量|何錠|何mg|何ミリ)',
          '漢方',
          'サプリ',
        ),
      ),
      pattern(
        'decline.treatment',
        anyOf('治療(が|は)?必要(かどうか|ですか|でしょうか)', '治療(方法|法)を教え', '何科(を|に)受診'),
      ),
    ],
  },
  {
    reason: 'judgement',
    patterns: [
      pattern(
        'decline.judgement',
        anyOf(
          '代わりに(判断|決め|選)',
          // The asker hands the decision over: 「配置転換するかどうかあなたが決めて」「違反かどうか白黒はっきり判定して」.
          '(あなた|貴方|そちら|ai|アシスタント)(が|で)(決め|判断し|判定し|選ん)',
          '(かどうか|べきか|のか)(を)?.{0,10}(決め|判定し|判断し)て(いただけ|もらえ|ください|下さい|ほしい|欲しい|くれ|$)',
          '白黒(はっきり|つけ)',
          '(違反|違法)(に)?(なって(い)?る|なる|している|してる)(か|かどうか).{0,12}(判定|判断|決めて|教えて|白黒)',
          // Whether the asker's own measure is lawful: 「違法じゃないか判定して」「法的に問題ないよね」.
          '(違反|違法)(じゃない|じゃね|ではない|にならない|にあたらない|に当たらない)(か|かどうか)(を)?.{0,6}(判定|判断)(して|してもら|してくれ|をお願い)',
          '法的に(は|も)?(問題(ない|なし)|大丈夫|セーフ|アウト|まずい|ok)(よね|ですよね|でしょ|だよね|やんな|やろ)',
          // A penalty for the asker's own lapse: 「法律違反で罰金になるレベル？」.
          '(うち|当社|弊社|うちの会社|この件|これって|これは)[^?？]{0,40}(違反|違法)(で|に|として)?(罰金|罰則|処罰|逮捕|捕ま|送検)(に|を|が|され)?(なる|なり|受け|科さ|くら|レベル|される)',
          '(罰金|アウト)(になる|な)レベル',
          '(そちら|そっち)で(判断|決め|選)',
          // A personnel measure, asked whether it is allowed: 「配置転換させてもよかと?」.
          '(異動|配置転換|配転|降格|解雇|減給)(を)?(させ|さ|し)(て)?(も)(いい|よい|良い|ええ|よか|大丈夫|問題な|構わな|かまわな)',
          '(検査)?項目を(選|決め)んで',
          '(うちの場合|当社の場合|弊社の場合).{0,40}(判断して|決めて)',
          '(?<!(医|先生|医師|産業医|主治医)に)(判断し|決め)て(ほしい|欲しい|ください|下さい)',
          // Unless the asker wants a doctor's view on it: 「続けさせてよいか、お医者様からご意見をいただける機会を」.
          '(戻し|出し|乗せ|就かせ|働かせ|復帰させ|行かせ|つかせ|続けさせ)(て|続けて)(も)?(いい|良い|よい|ええ|大丈夫|平気|問題ない|かまわない|構わない|かまへん|構へん)(?!.{0,30}(医|先生).{0,20}(意見|判断|助言|アドバイス|見て|みて))',
          '(解雇|クビ|首に|辞めさせ|降格|減給|懲戒)(しても|にしても|して|させても)(いい|良い|よい|大丈夫|平気|問題)',
          '(異動|配置転換|配転)(させるべき|させた方がいい|させたほうがいい|すべき)',
          // Choosing between personnel measures for someone: 「配置転換か解雇か どっちがいい」.
          '(解雇|クビ|配置転換|配転|異動|降格|懲戒|退職勧奨)か.{0,20}(どっち|どちら|決めて|判断して|べき)',
          // Whether one worker may keep a kind of work: 「この社員にフォークリフトの運転を任せても問題ないか」.
          '(任せ|続けさせ|働かせ|就業させ|運転させ|乗せ|させ)(て)?(も)?(問題ない|大丈夫|いい|よい|構わない|かまわない)(でしょう|です)?か.{0,16}(判断|決めて|決めていただ|見て|教えて)',
        ),
      ),
    ],
  },
  {
    reason: 'work_related',
    patterns: [
      pattern(
        'decline.work_related',
        anyOf(
          '(労災|ろうさい)(に|と|で|として)?(なり|なる|なっ|認定され|認められ|みとめられ|あたり|当たり|該当|扱い)',
          '労災認定(され|は|に)',
          // Whether a claim will succeed: 「労災申請通るかどうか見込み教えて」.
          '(労災|ろうさい)(の)?(申請|請求)?(が|は)?(通る|通り|通ら|下り|下りる|おりる|降りる)',
          '(労災|ろうさい).{0,12}見込み(?!額)',
          '業務上の(疾病|疾患|病気|災害|けが|怪我)(に|と)?(あたる|当たる|該当|なる|認め)',
          '業務(上|起因|が原因).{0,10}(ですか|でしょうか|になりますか|と言え|認められ)',
          '会社の(責任|せい)(に|は|です|でしょうか|になり)',
        ),
      ),
    ],
  },
  {
    reason: 'legal',
    patterns: [
      pattern(
        'decline.legal',
        anyOf(
          '裁判(で|に|になったら)',
          '訴えられ(そう|た|る)',
          '(会社|うち|当社|弊社)を訴え',
          '訴訟',
          '(勝て|負け)(ますか|る\\?|るか)',
          '法的に(どう|反論|対抗)',
          '反論(すれば|したい|の仕方)',
          '慰謝料',
        ),
      ),
    ],
  },
  {
    reason: 'counselling',
    patterns: [
      pattern(
        'decline.counselling',
        anyOf('カウンセラーとして', '話し相手に', '(毎晩|毎日|ずっと).{0,12}話を聞いて', '愚痴を聞いて'),
      ),
    ],
  },
  {
    reason: 'labour_law',
    patterns: [
      pattern(
        'decline.labour_law',
        anyOf(
          '残業代',
          '割増賃金',
          '割増率',
          '何割増',
          '給料',
          '給与計算',
          '賃金(の)?計算',
          '退職金',
          '休業補償(は|って|が)?.{0,10}(いくら|何割|どのくらい|どれくらい|計算)',
          '年金',
          '税金',
          '社会保険料',
          '有給(休暇)?の買(い)?取',
          '解雇(通知|予告|の手続)',
        ),
      ),
    ],
  },
  {
    reason: 'offtopic',
    patterns: [
      pattern(
        'decline.offtopic',
        anyOf(
          '転職',
          '内定先',
          '翻訳',
          '天気',
          '株価',
          '日経平均',
          '為替',
          '占い',
          '占って',
          '運勢',
          '競馬',
          '有馬記念',
          '宝くじ',
          'ジャンボ',
          '作文',
          '恋愛',
          '仲直り',
        ),
      ),
      englishPattern(
        'decline.offtopic_en',
        anyOf('weather', 'stock market', 'horoscope', 'recipe', 'translate', 'poem'),
      ),
    ],
  },
];
