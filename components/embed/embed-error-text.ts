/** Why an embed URL was refused, one sentence per parameter, in either language. */
import { problemReason } from '@/content/options';
import type { Lang } from '@/content/types';
import type { Bilingual } from '../i18n/ui-text';
import type { EmbedKey, EmbedParamError } from './embed-params';

/** What each parameter accepts, for a bad value's message. */
const EXPECTED: Record<EmbedKey, Bilingual> = {
  v: { en: '1', zh: '1' },
  scenario: { en: 'a scenario id', zh: '场景 id' },
  view: { en: 'a view id', zh: '视图 id' },
  step: { en: 'a step N or a range A-B (A ≤ B)', zh: '步数 N 或区间 A-B（A ≤ B）' },
  lang: { en: 'en, zh or both', zh: 'en、zh 或 both' },
  controls: { en: '0 or 1', zh: '0 或 1' },
  autoplay: { en: '0 or 1', zh: '0 或 1' },
  loop: { en: '0 or 1', zh: '0 或 1' },
  theme: { en: 'light or dark', zh: 'light 或 dark' },
  height: { en: 'auto or a height in pixels, 120–4000', zh: 'auto 或 120–4000 之间的像素高度' },
  origin: { en: '* or a comma-separated list of origins such as https://docs.example.org', zh: '* 或以逗号分隔的源列表，如 https://docs.example.org' },
  id: { en: '1–32 letters, digits, _ or -', zh: '1–32 个字母、数字、_ 或 -' },
};

/** One refused parameter, as one sentence. */
export function embedErrorText(e: EmbedParamError, lang: Lang): string {
  const zh = lang === 'zh';
  switch (e.code) {
    case 'version':
      return e.value === null
        ? zh ? '缺少版本参数 v：请写 v=1' : 'missing the version parameter: add v=1'
        : zh ? `v=${e.value}：本站只认 v=1` : `v=${e.value}: this site reads v=1 only`;
    case 'missing':
      return zh ? `缺少参数 ${e.key}` : `missing the parameter ${e.key}`;
    case 'repeated':
      return zh ? `${e.key}：出现了不止一次` : `${e.key}: given more than once`;
    case 'unknown-param':
      return zh ? `${e.key}：没有这个参数` : `${e.key}: unknown parameter`;
    case 'bad-value':
      return zh ? `${e.key}=${e.value}：应为 ${EXPECTED[e.key].zh}` : `${e.key}=${e.value}: expected ${EXPECTED[e.key].en}`;
    case 'unknown-scenario':
      return zh ? `scenario=${e.value}：没有这个场景（有：${e.known.join('、')}）` : `scenario=${e.value}: no such scenario (known: ${e.known.join(', ')})`;
    case 'unknown-view':
      return zh ? `view=${e.value}：没有这个视图（有：${e.known.join('、')}）` : `view=${e.value}: no such view (known: ${e.known.join(', ')})`;
    case 'view-not-for-scenario':
      return zh
        ? `view=${e.view}：场景 ${e.scenario} 没有这个视图（可用：${e.fits.join('、')}）`
        : `view=${e.view}: scenario ${e.scenario} has no such diagram (it has: ${e.fits.join(', ')})`;
    case 'bad-option':
      return `o.${e.key}=${e.value}${zh ? '：' : ': '}${problemReason(e.problem, lang)}`;
    case 'bad-options':
      return `o.${e.problem.code === 'not-object' ? '' : e.problem.option}${zh ? '：' : ': '}${problemReason(e.problem, lang)}`;
  }
}
