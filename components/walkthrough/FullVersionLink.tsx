'use client';
/** The embed's way out: the same scenario, options, step and language in the full (isolated) page, in a new tab. */
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { buildQuery } from '../url/url-state';

export function FullVersionLink() {
  const lang = useExplainer((s) => s.lang);
  const href = useExplainer(
    (s) => `/walkthrough/${s.scenario}${s.info ? buildQuery(s.table, s.info.options, s.frame?.step ?? 0, s.langFromUrl ? s.lang : null) : ''}`,
  );
  return (
    <a href={href} target="_blank" rel="noopener" data-testid="open-full" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
      {t('openFull', lang)} ↗
    </a>
  );
}
