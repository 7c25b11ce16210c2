/**
 * What a question asks for, as far as the answer's form goes: a headcount, a frequency, a period or
 * deadline, a cost, hours, how to apply, who may use it, whether it is a duty. Used twice: a sentence that
 * has the asked form (「50人未満」 for 「何人まで」) is preferred when quoting, and the question words
 * themselves (何人, いくら, いつまで) are not topic words a passage must repeat.
 *
 * Patterns are written over normalizeQuery output (NFKC, so digits are ASCII and ヶ/カ stay as typed).
 */

export type AskedForm =
  | 'count'
  | 'frequency'
  | 'period'
  | 'cost'
  | 'hours'
  | 'apply'
  | 'eligibility'
  | 'duty'
  | 'who'
  | 'operator'
  | 'where'
  | 'length'
  | 'name';

interface FormRule {
  form: AskedForm;
  /** The question asks for this form. */
  asks: RegExp;
  /** A sentence that has the form (it states a number of people, a price, a deadline…). */
  answers: RegExp;
  /** The question does not ask for this form when it matches this (「どのくらいかかる」 with 費用 asks a price). */
  unless?: RegExp;
}

const rules: readonly FormRule[] = [
  {
    form: 'count',
    asks: /何人|何名|なんにん|なんめい|何名様|人数|規模|何社|何か所|何ヶ所|何箇所|いくつ/u,
    answers: /\d+\s*(?:人|名|か所|ヶ所|箇所|所)|[一二三四五六七八九十百千]+(?:人|名)/u,
  },
  {
    form: 'frequency',
    asks: /何回|なんかい|何度|なんど|頻度|どれくらいの間隔|どのくらいの間隔|何年に|年に何|月に何|毎年|毎月|定期的/u,
    answers: /\d+\s*回|[一二三四五六七八九十]回|毎月|毎年|ごとに|以内ごと|定期/u,
  },
  {
    form: 'period',
    asks: /いつまで|いつから|いつ|期限|何日|なんにち|なんか月|なんかげつ|なんねん|なんしゅう|何か月|何ヶ月|何カ月|何ヵ月|何年|何週|期間|締め切り|締切|保存/u,
    answers:
      /\d+\s*(?:日|か月|ヶ月|カ月|ヵ月|箇月|年|週間)|[一二三四五六七八九十]+(?:日|か月|ヶ月|カ月|年)|以内|まで|遅滞なく|速やか|年度|令和|平成/u,
  },
  {
    form: 'cost',
    asks: /いくら|費用|料金|お金|金額|有料|無料|タダ|ただで|お代|受講料|参加費|利用料|相談料|かかる(?:の|んですか|ん|\?)|負担/u,
    answers: /無料|有料|\d+\s*円|費用|料金|負担/u,
  },
  {
    form: 'hours',
    asks: /何時間|なん時間|なんじかん|時間数|時間外|残業時間|労働時間/u,
    answers: /\d+\s*時間/u,
  },
  {
    form: 'apply',
    asks: /申し?込|申請|手続|どうやって|どうすれば|どうしたら|やり方|方法|連絡先|窓口|どこに/u,
    answers: /申込|申し込|申請|電話|FAX|ファクス|メール|フォーム|ウェブ|窓口|連絡|問い合わせ|お問合せ/u,
  },
  {
    form: 'eligibility',
    asks: /使え|利用でき|対象|受けられ|頼め|入る|含ま|誰でも|誰が/u,
    answers: /対象|利用でき|受けられ|利用いただけ|ご利用|含め|含まれ|できます|できません/u,
  },
  {
    form: 'duty',
    asks: /義務|しなければ|しないと|しなきゃ|やらなきゃ|やらないと|必要(?:です|があります|ある|なの|\?)|いけない|ダメ|罰則|努力義務|必須/u,
    answers: /義務|なければなりません|ければならない|必要があります|必要です|努力義務|求められ|定められ/u,
  },
  {
    // Who answers, comes or advises: 「誰が出るの」「どういう立場の人」「医者？」. Not who may use a service
    // (eligibility): that asks about the user, this about the staff.
    form: 'who',
    asks: /誰が(?:出|対応|担当|来|やっ|相談に|話|見|診|乗)|どなたが|(?:どんな|どういう|どの(?:ような)?)(?:人|方(?![法針式向面])|先生|専門家|立場|資格|職種)(?!(?:が|は|でも|なら)?(?:利用|使|受け|対象|申し?込|参加|入れ|頼め))|(?:医者|医師|先生|お医者さん|専門家|カウンセラー|保健師)(?:さん)?(?:なの|なん|ですか|なんですか)?[?？]/u,
    answers:
      /相談員|カウンセラー|医師|保健師|看護師|専門家|専門スタッフ|産業医|登録|資格|担当者|相談に応じ|対応し/u,
  },
  {
    // Who runs or funds a service: 「どこが運営してるの」「お金どっから出てる」.
    form: 'operator',
    asks: /どこ(?:が|の)(?:運営|やって|管理|実施|主催|委託|担当|組織|団体|機関)|運営(?:元|主体|母体|して)|実施主体|(?:お金|費用|予算)(?:は|って)?(?:どこ|どっ)から/u,
    answers: /機構|厚生労働省|委託|実施主体|運営|医師会|国の|補助/u,
  },
  {
    // Where offices are, and by what area: 「どこにあるの」「どういう区切りで置かれてる」「市町村ごと？」.
    form: 'where',
    asks: /どこに(?:ある|あり|置|設)|区切り|(?:市町村|市|県|地域|エリア)ごと|どの(?:地域|エリア|範囲)|所在地|場所は/u,
    answers: /管轄|ごとに|都道府県|所在地|県内|区域|地域/u,
  },
  {
    // How long something takes or lasts: a call, a reply, a course.
    form: 'length',
    unless: /いくら|費用|料金|お金|金額|有料|無料|円|値段|負担/u,
    asks: /何分|なんぷん|どのくらい(?:の時間|時間|話|で返|で届|で来|かか)|どれくらい(?:の時間|時間|話|で返|で届|で来|かか)|どのぐらい(?:の時間|時間|話|で|かか)|長さ|所要時間|最長/u,
    answers: /\d+\s*(?:分|時間|日|週間|か月|ヶ月|カ月)|[一二三四五六七八九十]+(?:分|日|週間)|最長|程度|以内/u,
  },
  {
    // The name of something: 「なんて名前でしたっけ」「正式名称は」.
    form: 'name',
    asks: /名前(?:は|って|が)?(?:何|なん|わから|忘れ|思い出せ)|(?:なんて|何て|何という)名前|名前でしたっけ|名称|なんていう|なんて言う|何という|何て(?:いう|言う)|なんと(?:いう|言う)|(?:何|なん)て呼ば|呼び方|正式(?:名|な名前)/u,
    answers: /「[^」]{2,}」|と(?:いう|いい)(?:名称|名前)|と呼ば|名称|通称|略称/u,
  },
];

/** The forms a question asks for, in the order above. */
export function askedForms(question: string): AskedForm[] {
  return rules
    .filter((r) => r.asks.test(question) && !(r.unless?.test(question) ?? false))
    .map((r) => r.form);
}

/** Whether a sentence has at least one of the asked forms (true when nothing in particular is asked). */
export function hasAskedForm(sentence: string, forms: readonly AskedForm[]): boolean {
  if (forms.length === 0) return true;
  return rules.some((r) => forms.includes(r.form) && r.answers.test(sentence));
}

/** Question words that name no topic: a passage answers 「何人まで」 with 「50人未満」, never with 何人. */
export const questionWords: ReadonlySet<string> = new Set([
  '何人',
  '何名',
  '何回',
  '何時間',
  '何日',
  '何年',
  '何歳',
  '何社',
  '何か所',
  '何ヶ所',
  '何か月',
  '何ヶ月',
  '何カ月',
  '何週',
  '何時',
  '何処',
  '何故',
  '何方',
  '誰',
  '何',
  'いくら',
]);
