/**
 * Who a message is about, and requests for a person (decision 0001): the specific people (部下, 社員が, 妻,
 * 私 …) that turn a condition or leave named in lexicon-person.ts into a person case, the counts and
 * audiences that mention staff without meaning one person, and explicit requests for a human.
 */
import { anyOf, englishPattern, type Pattern, pattern } from './pattern.ts';

export type Subject = 'self' | 'subordinate' | 'employee' | 'colleague' | 'family' | 'boss' | 'other';

/** A specific person the message is about, with the role used in the staff summary. */
export const personRefs: { subject: Subject; pattern: Pattern }[] = [
  {
    subject: 'subordinate',
    pattern: pattern(
      'ref.subordinate',
      anyOf(
        '部下',
        'ぶか',
        'チームの(子|人|メンバー)',
        'うちの(若い)?子',
        '若い子',
        '新人',
        '新入社員(?!向け)',
        '課員',
        '後輩',
      ),
    ),
  },
  {
    subject: 'family',
    pattern: pattern(
      'ref.family',
      anyOf(
        '家族',
        '(?<![丈工])夫(?!妻)',
        '妻',
        '主人',
        '旦那',
        '嫁',
        '奥さん',
        '奥様',
        '息子',
        '娘',
        '父(?!兄)',
        '母(?!体|数)',
        '両親',
        '兄',
        '姉',
        '弟',
        '妹',
        '祖父',
        '祖母',
      ),
    ),
  },
  { subject: 'colleague', pattern: pattern('ref.colleague', anyOf('同僚', '同期', '先輩', 'どうりょう')) },
  { subject: 'boss', pattern: pattern('ref.boss', anyOf('上司(が|は|の様子)', 'じょうし')) },
  {
    subject: 'employee',
    pattern: pattern(
      'ref.employee',
      anyOf(
        '(社員|従業員|職員|スタッフ|パート(さん)?|アルバイト|派遣社員|メンバー)(の一人|が|から|は|に|を|さん|本人)',
        '(の|な|る|た)(社員|従業員|職員|スタッフ|パートさん)',
        '本人',
        'ほんにん',
        '(一人|ひとり|1人)が',
        '\\d+代(の)?(男性|女性)',
        'しゃいん',
      ),
    ),
  },
  {
    subject: 'self',
    pattern: pattern('ref.self', anyOf('私', 'わたし', '自分', 'じぶん', '僕', 'ぼく', '俺', 'あたし')),
  },
];

/** Counts and audiences mention staff without meaning one person (「社員は60人」「社員向け」). */
export const nonPersonMasks: Pattern[] = [
  pattern(
    'mask.count',
    anyOf(
      '(社員|従業員|職員|スタッフ)(数|は|が)?(約|およそ)?\\d+',
      '\\d+(人|名)(の|ほどの|くらいの)?(社員|従業員)',
      '(社員|従業員|職員)(向け|全員|数)',
    ),
  ),
];

/** Who a center's consultation is with (産業医, 保健師, カウンセラー…), as people name them. */
export const specialistSource =
  '(先生|専門家|専門の(方|人|先生|スタッフ)|メンタルの専門|保健師|保険師|ほけんし|産業医|さんぎょうい|医師|お医者|おいしゃ|カウンセラー|コンサルタント|相談員|社労士|促進員|アドバイザー)';
export const specialistNamed: Pattern = pattern('ref.specialist', specialistSource);

/** Explicit requests for a human instead of the bot: the center's staff by name of their role. */
export const humanRequestPatterns: Pattern[] = [
  pattern(
    'human.request',
    anyOf(
      '(担当|たんとう)(者の方|者さん|者|の方|のかた|さん|の人|のひと)?(と|に)(直接|電話で|でんわで)?(話|はな|お話|おはな|つない)',
      'オペレーター',
      '有人',
      'スタッフ(と|に)(話|つな|代わ)',
      '(電話|でんわ)で(話|はな)せる(担当|人|方)',
      'ちゃんとした人',
      '生身の',
      '(ai|ボット|bot|機械|ロボット)じゃなく',
    ),
  ),
];

/**
 * Someone, not the bot: 「人と話したい」「つないでください」. With a specialist named (「カウンセラーの人と話せる
 * 日」「産業医さんにつないで」) it asks for a consultation, which the booking gives, not for staff.
 */
export const someoneRequestPatterns: Pattern[] = [
  pattern(
    'human.someone',
    anyOf(
      '(人|ひと|人間)(と|に)(話|はな|相談)(したい|せ)',
      '人に(代わ|かわ|つな)',
      'つないで(ください|もらえ|ほしい|くれ)',
    ),
  ),
];

export const englishPersonRefs: Pattern[] = [
  englishPattern(
    'ref.en',
    anyOf(
      'my (team|staff|employee|coworker|co-worker|colleague|subordinate|report|boss|manager|wife|husband|son|daughter|partner)s?',
      'one of (my|our)',
      '(our|a) (staff member|employee|coworker|colleague|team member)s?',
      '(coworker|colleague|employee|team member|subordinate)s? (has|is|was|keeps)',
      'i am',
      "i'm",
      'i have',
      'i feel',
      "i'?ve been",
      'i have been',
      "i'?ve had",
      'my (father|mother|dad|mom|mum|parents?|brother|sister|grandfather|grandmother)',
      '(he|she) (seems|has been|is|keeps)',
    ),
  ),
];
export const englishHumanRequest: Pattern[] = [
  englishPattern(
    'human.en',
    anyOf(
      '(real|actual|live) (person|human)',
      '(talk|speak) (to|with) (a |an )?(human|someone|somebody|staff|person|representative)',
      'not (with )?a bot',
      'operator',
    ),
  ),
];
