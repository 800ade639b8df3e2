/** A notice as one line in the reader's language mode (both: Chinese, then English). */
import { problemText } from '@/content/options';
import type { Lang } from '@/content/types';
import { langsOf, t1, type LangMode } from '../i18n/ui-text';
import type { Notice } from '../store/errors-slice';
import { urlProblemText } from '../url/url-problem-text';

function detailIn(n: Notice, lang: Lang): string {
  const d = n.detail;
  switch (d.kind) {
    case 'text':
      return d.text;
    case 'option':
      return problemText(d.problem, lang);
    case 'url':
      return d.problems.map((p) => urlProblemText(p, lang)).join(lang === 'zh' ? '；' : '; ');
  }
}

/** The lead-in and detail of one notice. */
export function noticeText(n: Notice, mode: LangMode): string {
  const lines = langsOf(mode).map((lang) => `${t1(n.lead, lang)} ${detailIn(n, lang)}`);
  // Plain text reads the same in both languages: say it once.
  return n.detail.kind === 'text' && lines.length > 1 ? `${langsOf(mode).map((l) => t1(n.lead, l)).join(' · ')} ${detailIn(n, 'en')}` : lines.join(' / ');
}
