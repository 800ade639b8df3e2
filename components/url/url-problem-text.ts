/** Why a URL parameter was dropped, in the reader's language (one short clause each). */
import { problemReason } from '@/content/options';
import type { Lang } from '@/content/types';
import type { UrlProblem } from './url-state';

/** Longest reason shown; an option's rule can be a long sentence. */
const MAX_REASON = 100;

function clip(s: string): string {
  return s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s;
}

/** One dropped parameter, e.g. `qsize=7: 7 is not a power of two`. */
export function urlProblemText(p: UrlProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.code) {
    case 'repeated':
      return zh ? `${p.key}：出现了不止一次，以第一次为准` : `${p.key}: given more than once, the first one counts`;
    case 'bad-step':
      return zh ? `step=${p.value}：需要一个 ≥ 0 的整数` : `step=${p.value}: expected a whole number ≥ 0`;
    case 'bad-lang':
      return zh ? `lang=${p.value}：只能是 en、zh 或 both` : `lang=${p.value}: expected en, zh or both`;
    case 'unknown-param':
      return zh ? `${p.key}：没有这个参数` : `${p.key}: unknown option`;
    case 'bad-option':
      return `${p.key}=${p.value}${zh ? '：' : ': '}${clip(problemReason(p.problem, lang))}`;
  }
}
