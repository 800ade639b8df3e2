/** A note in the reader's language(s): one line per language, each tagged with its lang (screen readers switch voice). */
import { htmlLang, ptEach, type LangMode, type PlaygroundKey } from '../i18n/ui-text';

export function Bi({ k, mode, className }: { k: PlaygroundKey; mode: LangMode; className?: string }) {
  return (
    <>
      {ptEach(k, mode).map(({ lang, text }) => (
        <span key={lang} className={className} lang={htmlLang(lang)}>
          {text}
        </span>
      ))}
    </>
  );
}
