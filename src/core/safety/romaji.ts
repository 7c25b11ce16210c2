/**
 * Romaji → hiragana (Hepburn and kunrei spellings), for users who type Japanese without an IME
 * (「shinitai」「buka ga genki nakute」). Returns null when the word is not romaji.
 */
// biome-ignore format: a syllable table reads best in rows
const table: Record<string, string> = {
  a: 'あ', i: 'い', u: 'う', e: 'え', o: 'お',
  ka: 'か', ki: 'き', ku: 'く', ke: 'け', ko: 'こ', kya: 'きゃ', kyu: 'きゅ', kyo: 'きょ',
  ga: 'が', gi: 'ぎ', gu: 'ぐ', ge: 'げ', go: 'ご', gya: 'ぎゃ', gyu: 'ぎゅ', gyo: 'ぎょ',
  sa: 'さ', shi: 'し', si: 'し', su: 'す', se: 'せ', so: 'そ',
  sha: 'しゃ', shu: 'しゅ', sho: 'しょ', she: 'しぇ', sya: 'しゃ', syu: 'しゅ', syo: 'しょ',
  za: 'ざ', ji: 'じ', zi: 'じ', zu: 'ず', ze: 'ぜ', zo: 'ぞ',
  ja: 'じゃ', ju: 'じゅ', jo: 'じょ', je: 'じぇ', jya: 'じゃ', jyu: 'じゅ', jyo: 'じょ', zya: 'じゃ', zyu: 'じゅ', zyo: 'じょ',
  ta: 'た', chi: 'ち', ti: 'ち', tsu: 'つ', tu: 'つ', te: 'て', to: 'と',
  cha: 'ちゃ', chu: 'ちゅ', cho: 'ちょ', che: 'ちぇ', tya: 'ちゃ', tyu: 'ちゅ', tyo: 'ちょ',
  da: 'だ', di: 'ぢ', du: 'づ', de: 'で', do: 'ど',
  na: 'な', ni: 'に', nu: 'ぬ', ne: 'ね', no: 'の', nya: 'にゃ', nyu: 'にゅ', nyo: 'にょ',
  ha: 'は', hi: 'ひ', fu: 'ふ', hu: 'ふ', he: 'へ', ho: 'ほ', hya: 'ひゃ', hyu: 'ひゅ', hyo: 'ひょ',
  ba: 'ば', bi: 'び', bu: 'ぶ', be: 'べ', bo: 'ぼ', bya: 'びゃ', byu: 'びゅ', byo: 'びょ',
  pa: 'ぱ', pi: 'ぴ', pu: 'ぷ', pe: 'ぺ', po: 'ぽ', pya: 'ぴゃ', pyu: 'ぴゅ', pyo: 'ぴょ',
  ma: 'ま', mi: 'み', mu: 'む', me: 'め', mo: 'も', mya: 'みゃ', myu: 'みゅ', myo: 'みょ',
  ya: 'や', yu: 'ゆ', yo: 'よ',
  ra: 'ら', ri: 'り', ru: 'る', re: 'れ', ro: 'ろ', rya: 'りゃ', ryu: 'りゅ', ryo: 'りょ',
  wa: 'わ', wo: 'を', fa: 'ふぁ', fi: 'ふぃ', fe: 'ふぇ', fo: 'ふぉ', vu: 'ゔ',
};

const vowels = new Set(['a', 'i', 'u', 'e', 'o']);

export function romajiToHiragana(word: string): string | null {
  let out = '';
  let i = 0;
  const w = word;
  while (i < w.length) {
    const c = w[i]!;
    const next = w[i + 1];
    // n' is ん before a vowel or y ("kon'ya" → こんや, not こにゃ); a stray apostrophe is dropped.
    if (c === "'") {
      i += 1;
      continue;
    }
    if (c === 'n' && next === "'") {
      out += 'ん';
      i += 2;
      continue;
    }
    // nn before a vowel or y is ん plus the next syllable ("konnichiwa" → こんにちわ); before a consonant
    // or at the end it is one ん typed twice ("menndan" → めんだん).
    if (c === 'n' && next === 'n') {
      const after = w[i + 2];
      out += 'ん';
      i += after !== undefined && (vowels.has(after) || after === 'y') ? 1 : 2;
      continue;
    }
    // n before a consonant or at the end is ん ("genki", "san").
    if (c === 'n' && (next === undefined || (!vowels.has(next) && next !== 'y'))) {
      out += 'ん';
      i += 1;
      continue;
    }
    // A doubled consonant is a small っ ("gakkou", "matte"); "tch" too ("matcha").
    if (next !== undefined && c === next && !vowels.has(c) && c !== 'n') {
      out += 'っ';
      i += 1;
      continue;
    }
    if (c === 't' && next === 'c') {
      out += 'っ';
      i += 1;
      continue;
    }
    let matched = false;
    for (const len of [3, 2, 1]) {
      const kana = table[w.slice(i, i + len)];
      if (kana !== undefined) {
        out += kana;
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) return null;
  }
  return out;
}
