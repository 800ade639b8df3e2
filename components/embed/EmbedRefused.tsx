'use client';
/**
 * What the frame shows when its URL is refused: every problem, in the
 * language the URL asked for (both when it did not say, or said it badly),
 * and nothing else. The host page also gets one `error` event, at its own
 * origin only (the URL's origin rule may be among what is wrong).
 */
import { useEffect } from 'react';
import { htmlLang, langsOf, type LangMode } from '../i18n/ui-text';
import { envelope } from './embed-messages';
import type { EmbedParamError } from './embed-params';
import { embedErrorText } from './embed-error-text';
import { EMBED_TEXT } from './embed-text';
import { parentOrigin } from './parent-origin';
import styles from './Embed.module.css';

export function EmbedRefused({ errors, mode }: { errors: readonly EmbedParamError[]; mode: LangMode }) {
  useEffect(() => {
    const to = parentOrigin();
    if (to === null) return;
    const message = errors.map((e) => embedErrorText(e, 'en')).join('; ');
    window.parent.postMessage(envelope({ type: 'error', code: 'bad-params', message }, null), to);
  }, [errors]);
  return (
    <main className={styles.frame}>
      {langsOf(mode).map((l) => (
        <section key={l} className={styles.refused} lang={htmlLang(l)} role="alert" data-testid={`embed-refused-${l}`}>
          <h1>{EMBED_TEXT.refused[l]}</h1>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>{embedErrorText(e, l)}</li>
            ))}
          </ul>
          <p>
            <a href="/docs/embedding" target="_blank" rel="noopener">
              {EMBED_TEXT.docs[l]}
            </a>
          </p>
        </section>
      ))}
    </main>
  );
}
