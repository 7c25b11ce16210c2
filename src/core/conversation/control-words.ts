/** 「やめる」 and 「最初から」: they work at any time, inside a flow or not. */
import { foldKana, normalizeText } from '../safety/normalize.ts';

const cancel = new RegExp(
  foldKana(
    '^(やっぱり|もう)?(やめ(る|ます|たい|て|ておきます|とく)|止め(る|ます)|中止(する|します|して|で)?|キャンセル(する|します|して|で)?|cancel|stop|quit|もういいです)(ください|下さい)?$',
  ),
  'u',
);
const restart = new RegExp(
  foldKana(
    '^(最初|さいしょ|はじめ|初め)から(やり直(す|し|したい|します)|にして|で|お願いします)?$|^(やり直し(たい|ます)?|リセット|start over|restart|reset)$',
  ),
  'u',
);

export type ControlWord = 'cancel' | 'restart';

export function detectControlWord(text: string): ControlWord | undefined {
  const { compact } = normalizeText(text);
  if (cancel.test(compact)) return 'cancel';
  if (restart.test(compact)) return 'restart';
  return undefined;
}
