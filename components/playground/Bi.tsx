/** A note in the reader's language(s): one line per language, each tagged with its lang (screen readers switch voice); `values` fill its {name} placeholders. */
import { htmlLang, pt1Fill, ptEach, type LangMode, type PlaygroundKey } from '../i18n/ui-text';

export function Bi({ k, mode, className, values }: { k: PlaygroundKey; mode: LangMode; className?: string; values?: Readonly<Record<string, string>> }) {
  return (
    <>
      {ptEach(k, mode).map(({ lang, text }) => (
        <span key={lang} className={className} lang={htmlLang(lang)}>
          {values ? pt1Fill(k, lang, values) : text}
        </span>
      ))}
    </>
  );
}
