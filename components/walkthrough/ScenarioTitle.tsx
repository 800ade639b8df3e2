'use client';
/** A scenario's title in the chosen language(s). */
import { useExplainer } from '../store/ExplainerStoreProvider';

/** A bilingual title. */
export type Title = { en: string; zh: string };

export function ScenarioTitle({ title }: { title: Title }) {
  const lang = useExplainer((s) => s.lang);
  if (lang === 'both')
    return (
      <>
        <span lang="zh-CN">{title.zh}</span>
        <span style={{ color: 'var(--ink-3)', fontWeight: 400 }}> · {title.en}</span>
      </>
    );
  return <span lang={lang === 'zh' ? 'zh-CN' : 'en'}>{title[lang]}</span>;
}
