/**
 * The safety detector on phrasings written for this test, not taken from the triage golden set, so the
 * lexicon is checked for generality: crisis and person cases in many registers, and hard negatives
 * (program questions and idioms) that must not escalate.
 */
import { describe, expect, it } from 'vitest';
import { detectSafetySignals } from '../../../src/core/safety/detector.ts';

const crisis = [
  // A mask for farewells, joy, training or past states must never hide a sign inside its span (review).
  '今日が人生の最終日です。今まで本当にありがとうございました',
  '退職します。明日、死のうと思っています。お世話になりました',
  '最終出社日です。この世から消えます。皆さんさようなら',
  '幸せな人生でした。思い残すことはない',
  '自殺したいくらい新人研修がつらい',
  '自殺を考えています。研修講師の仕事も限界です',
  '今夜やります。誰にも言ってないけど、ここなら言える',
  // A time set for an act left unnamed, told in secret; wounds kept hidden; not lasting until a near day.
  '明日の朝に実行します。誰にも話していないけど、ここなら話せると思って',
  '腕の切った跡がまた増えた。職場で見られないように隠してる',
  '正直、月末まで自分がもつかわかりません。面談は早めにお願いします',
  // Signs the v4 and v5 patterns read (written apart from the blind batches they were found in).
  '何かあったときのためにと、家族に手紙を書いておきました',
  'もう思い残すことはありません',
  '車にホースとテープを積んであります',
  '睡眠薬をお酒と一緒に全部飲んだ',
  '明日の朝、起きられなくてもいいと思っています',
  '通帳と実印を机に置いておきました。あとはよろしくお願いします',
  'みなさん、今までお元気で。もう連絡しません',
  'I have written letters to my kids and my wife',
  'I took 20 of my sleeping pills',
  '生きてるのがつらい',
  'もう死のうかな',
  '自殺を考えています',
  '首をつろうと思ってロープを買った',
  '消えたいって毎日思う',
  '死ぬ方法を調べてしまう',
  '全部終わらせたい。もう疲れた',
  'この世からいなくなりたい',
  '部下が「死にたい」と漏らしていました',
  '同僚から遺書のようなメールが届きました',
  '薬を大量に飲んでしまいました',
  '手首を切りたくなる',
  'リストカットがやめられない',
  '飛び降りようと思って屋上にいます',
  '線路に飛び込もうかと考えた',
  '寝室の梁にロープを掛けられるか確かめました',
  'ホームに電車が入ってくると、線路に吸い寄せられる気がします',
  '気づくと駅で白線の外に立っていることが増えた',
  '妻への手紙を書きました。あとで誰かが見つけてくれると思います',
  '生きている価値がない',
  '死んだら楽になれるかな',
  'I want to kill myself',
  "I'm thinking about ending my life",
  'jisatsu shitai',
  'ｼﾞｻﾂｼﾀｲ',
  '夫が「もう生きていたくない」と言って家を出ました',
  '従業員が包丁を振り回しています',
  '作業員が倒れて意識がありません',
  'ODしそう',
  '死んでしまいたいくらいつらい',
  'ｷｴﾀｲ',
  'もう終わりにしたい。生きるのに疲れた',
  '明日の朝が来なければいいのに',
  'しにたいです',
  // A second batch, written after the first was fixed.
  'もう疲れた。このまま消えられたらいいのに',
  '死にたいなあ…',
  '生きるのがしんどいです😢',
  '首吊りの方法を調べてる自分が怖い',
  'じぶんなんて いなくなればいいと思う',
  '電車に飛び込みたくなる時があります',
  '部下が遺書らしきものを机に残して帰りました',
  '家族が薬をたくさん飲んで意識がもうろうとしています',
  '夫が「死んでやる」と言って車で出ていきました',
  '同僚が屋上のフェンスの外にいます',
  'もう生きていけない',
  '人生終わりにしたい',
  'I feel like ending it all.',
  'My employee said she wants to kill herself.',
  'ｼﾆﾀｲｼﾆﾀｲｼﾆﾀｲ',
  'しにたい、、、',
  '消えたいってずっと考えてる',
  '自分を傷つけてしまいます',
  '腕を切ってしまいました',
  '社員が自殺をほのめかしています',
  'もう死ぬしかないんかな',
  '取引先の人から殺すぞと脅されています',
  'そろそろ降りようと思います、この人生',
  '自分の存在ごとなかったことにしたいです',
  '家族にはごめんねと伝えて、先に逝きます',
  '自分なんかいないほうがいいんです',
  'ロープを鞄に入れて近くの山まで来ました',
  '三月末をもって人生を終えることにしました',
  // Written for the patterns from safety-b13/b14 (general forms, not the batch texts).
  '夜も昼も、起きているのが本当につらいんです',
  'つまらない人生でした。このトークを開くのもこれで最後です',
  '倉庫の薬品で、どれが人間にとって一番危険か調べてしまった',
  '元上司の家を調べて、やり方を検索してしまった',
  '同僚の安全帯に切れ目を入れてやろうかと考えている',
  '彼に「今度は本当に殺す」と言われて、部屋に戻れません',
  '来月の面談、よろしくお願いします。来月まで私がいれば、の話ですが',
  '心の相談、来週まではもちそうにないです',
  '家の物も処分してしまったので、今さら受診しても意味がないと思う',
  'お店も自分自身も、今年で畳みます',
  '自分の始末は自分でつけますので、ご心配なく',
  '明日から会社にも家にも戻りません',
  'I put a rope in my car and drove to the cliff',
  'I will go through with my plan tonight',
  '映画を見て泣いた。私も屋上の柵の外に出たい',
  '昔死にたいと思ってた時期もあったけど、最近また死にたい',
];

const personCases = [
  // Symptoms someone has now, in a program question.
  '産業医面談を申し込みたいです。最近、手先がしびれることが増えました',
  '部下が、会議中に胸が苦しくなると言っています。どこに相談すればいいですか',
  '部下が最近ずっと眠れていないそうです',
  'うちの社員がうつ病と診断されました。どう接したらいいですか',
  '同僚が毎朝泣いています',
  '夫が仕事のストレスで食事をとらなくなりました',
  '私、最近何もやる気が起きません',
  '適応障害で休んでいる社員の職場復帰について相談したい',
  '新人の表情がずっと暗くて心配です',
  '上司のパワハラで毎日つらいです',
  '社員の一人が最近遅刻が増えてきました',
  '部下がメンタル不調で休職しています',
  'My employee seems depressed and keeps missing work.',
  'buka ga utsubyou de yasunde imasu',
  '妻が産後からずっと落ち込んでいます',
  '部下に「会社に来るのがつらい」と言われた',
  '社員がここ1か月ほど休みがちです',
  '息子が会社でいじめにあって部屋に引きこもっています',
  '従業員が仕事中に急に過呼吸になりました',
  '休職中の部下から連絡が途絶えました',
  '高ストレス判定が出た部下への声かけを教えて',
  '担当の人と電話で話したいです',
  '人間のスタッフに代わってください',
  "I'd like to speak with a staff member.",
  'ぶかが さいきん げんきが ないです',
  'パートさんが最近ぼーっとしていてミスが多いです',
  // A second batch, written after the first was fixed.
  '部下が最近表情が乏しく、ミスも増えています',
  '私、最近夜眠れなくて仕事中に涙が出ます',
  '社員の一人がメンタルで休みたいと言ってきました',
  '夫がうつ病と診断されました。会社にどう伝えればいいでしょうか',
  'スタッフがパニック発作を起こして早退しました',
  '職場の後輩が最近、食事をほとんど取っていないようです',
  '新入社員が入社1か月で出社しなくなりました',
  '私が上司からのパワハラで適応障害になりました',
  '息子が仕事のストレスで休職しています',
  '部下の様子が心配です',
  '社員が「もう無理です」と言って泣き出しました',
  'Our staff member has been having panic attacks at work.',
  'ﾌﾞｶｶﾞｹﾞﾝｷｶﾞﾅｲ',
  '休職中の部下と面談したいのですが、どう話せばいいですか',
  '担当者さんと話したいです',
  '人に相談したいです',
  '社員が双極性障害だと打ち明けてくれました',
  '自分がうつかもしれません',
  '同僚が膝を痛めているのに、毎日脚立に上って作業しています',
  '先月から微熱とだるさが続いていて、健診の予約を早めるべきか迷っています',
  '再検査と言われたけど、まだ病院に行けていません',
  '頭痛がひどくて、午前中は仕事になりません',
  '最近、書類を書くと手が震えてしまいます',
  'うちの母ですが、気分がずっと沈んでいるようです',
  'My mother seems confused and forgets to eat',
  "I've had insomnia for weeks",
  // A question asked in general terms still escalates when the lexicon reads a state.
  '部下が毎日泣いていて、一般的にどう接すればいいですか',
];

const neither = [
  // Everyday wording the new crisis and person patterns must not read as signs (review).
  '今日やります。最後に一つ質問ですが、ストレスチェックの実施者は誰ですか',
  '社員がプレス機で指を挟む事故が続いています。対策を教えて',
  '不整脈の持病がある社員の両立支援プランの作り方を知りたい',
  // Training on the topic, a joy that leaves nothing to wish for, a last day at work, tears at a ceremony,
  // a past state told as over, a treatment asked about for the work, stock that may not last.
  '管理監督者向けに、希死念慮のある部下への声かけを学べる研修を探しています',
  '第一志望に合格した！もう思い残すことはない！',
  '最終出勤日でした。皆さん本当にありがとうございました',
  '息子の卒業式で校歌を聞いて泣いた',
  '若い頃は不眠で悩みましたが、今は問題ありません。睡眠の研修を企画しています',
  '抗がん剤治療を受けながら働く社員の両立支援プランの作り方を知りたい',
  '在庫が週末まで持つかわからないので発注を急ぎます',
  '白線の内側までお下がりくださいという放送の文言を社内掲示に使えますか',
  '高所作業で使う安全ロープの点検頻度は決まっていますか',
  '自殺予防週間の啓発資料はありますか',
  '過労死等防止対策推進法について教えて',
  '死亡災害が起きた場合の報告方法は?',
  '眠気を防ぐ夜勤シフトの組み方を知りたい',
  'うつ病の社員への対応研修を開きたい',
  'メンタルヘルス不調者の職場復帰支援の流れを教えてください',
  'ストレスチェックで高ストレス者が出た場合、会社は何をすべきですか',
  '休職者の復職判定の一般的な手順を知りたい',
  '飛び込み営業が多い部署のストレス対策',
  '死ぬほど残業した月があるのですが、面接指導の対象ですか',
  '刃物を扱う作業の安全教育をしてほしい',
  '荷台から飛び降りて骨折する災害を防ぎたい',
  '睡眠不足の従業員が多いので研修をしたい',
  '家族経営の小さな会社です。ストレスチェックは必要ですか',
  // A return to work that went well, told afterwards: masked for the lexicon and the model alike.
  '昨年休職していた社員は、復職して1年、今は元気に働いています',
  '大丈夫ですか？サービスは無料ですか',
  '産業医の先生が月1回来てくれています。衛生委員会の進め方を教えて',
  'パワハラ防止研修を管理職向けにお願いしたい',
  '私は人事担当です。ストレスチェックの実施者には誰がなれますか',
  '自分でできるストレス対策の資料はありますか',
  '「死にたい」と言われたときの対応を学べる研修はありますか',
  '自殺対策の相談窓口一覧を社内に掲示したい',
  '過労自殺の労災認定の基準を知りたい',
  '殺虫剤を使う作業の健康診断は必要ですか',
  '熱中症でめまいや吐き気が出たときの対応マニュアルを作りたい',
  '振動工具を使う作業者の手の震えが心配で、特殊健診について知りたい',
  'がんの治療で休職している社員の復職支援の進め方を知りたい',
  '農薬を大量に保管している倉庫の作業環境について',
  '心の健康づくり計画のひな形はありますか',
  '管理監督者向けのラインケア研修を頼みたい',
  'Is there a training on suicide prevention for managers?',
  // A second batch, written after the first was fixed.
  '休職と復職の手続きを就業規則に定めたい',
  'メンタルヘルス不調の予防策を教えてください',
  '職場のストレス対策の研修を開きたい',
  '高ストレス者への面接指導の流れを教えて',
  '睡眠の質を高める健康教育を社員向けにしたい',
  '自殺予防のポスターを職場に貼りたい',
  '死亡労災の報告書の書き方',
  '産業医の先生との面談記録の保存期間は？',
  '復職支援プログラムのサンプルはありますか',
  '50人未満の事業場の面接指導は地産保でできますか',
  '担当者の連絡先を教えてください',
  '両立支援の相談窓口は病院にありますか',
  'うちの社員は30人です。ストレスチェックは義務ですか',
  'パワハラ防止法の対象は？',
  '今月の締め作業、忙しすぎて死にそう。来月の研修の案内をください',
  'サーバーの容量がもう限界なので資料はリンクで送ってもらえますか',
  '定年退職することになりました。長い間お世話になりました、皆さんお元気で',
  '研修で「自殺」と「自死」のどちらの言葉を使うか決めたいです',
  '会議で発言を間違えて、消えたいくらい恥ずかしかったです',
  '発表の前は緊張して心臓が止まるかと思いました',
  '主人公が遺書を残す場面がある映画を研修で使えますか',
  '人気俳優が自死した報道について、社内でどう触れるべきですか',
  '以前は寝つけずに悩みましたが、今はすっかり良くなりました',
  '昔、リスカしていた時期もあったけど、今は平気です。健診の服装は自由ですか',
  'アニメで主人公が「終わりにしよう」と言う場面で泣いた。研修の締切はいつですか',
  'Years ago I burned out, but I am fully recovered now. Can I join the training?',
  'うつ病と診断された社員への配慮として、一般的にどんな例がありますか',
  '自殺未遂歴のある人を雇用するとき、会社が聞いてよいことは何ですか',
  '社員が階段で転ぶ事故が続いています。手すりの基準は？',
];

describe('detectSafetySignals', () => {
  it.each(crisis)('crisis: %s', (text) => {
    expect(detectSafetySignals(text).crisis).toBe(true);
  });

  it.each(personCases)('person case or request for a human: %s', (text) => {
    const s = detectSafetySignals(text);
    expect(s.personCase || s.humanRequest || s.crisis).toBe(true);
  });

  it.each(neither)('no escalation: %s', (text) => {
    const s = detectSafetySignals(text);
    expect({ crisis: s.crisis, person: s.personCase, human: s.humanRequest, rules: s.rules }).toEqual({
      crisis: false,
      person: false,
      human: false,
      rules: [],
    });
  });

  it('marks a life in danger now for the 119-first reply', () => {
    expect(detectSafetySignals('手首を切って血が止まりません').immediate).toBe(true);
    expect(detectSafetySignals('死にたいと思うことがある').immediate).toBe(false);
  });

  it('reads a negated ideation as a person case, not a crisis', () => {
    const s = detectSafetySignals('面談した社員は希死念慮を否定していますが、抑うつ気分が強いです');
    expect(s.crisis).toBe(false);
    expect(s.personCase).toBe(true);
  });

  it('names whom a person case is about', () => {
    expect(detectSafetySignals('部下が眠れないと言っています').subject).toBe('subordinate');
    expect(detectSafetySignals('妻が毎晩泣いています').subject).toBe('family');
    expect(detectSafetySignals('ストレスチェック制度とは').subject).toBeNull();
  });
});
