'use client';
/** Sets <html lang> on a page the server rendered in one language (the root layout cannot see the query). */
import { useEffect } from 'react';
import { htmlLang, type LangMode } from './ui-text';

export function DocumentLang({ mode }: { mode: LangMode }) {
  useEffect(() => {
    document.documentElement.lang = htmlLang(mode === 'zh' ? 'zh' : 'en');
  }, [mode]);
  return null;
}
