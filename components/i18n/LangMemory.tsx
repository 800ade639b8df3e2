'use client';
/**
 * The language choice on the server-rendered pages (catalogue, sources,
 * glossary), kept consistent with the walkthroughs': a language link the
 * reader clicks (LangLinks) is remembered in localStorage, as the
 * walkthrough's switch remembers it; a page opened without ?lang takes the
 * remembered language by rewriting its URL (so the server renders it and
 * links carry it). A ?lang in a link is followed but not remembered.
 */
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { readStored, rememberLang } from '../store/prefs-slice';
import { isLangMode, type LangMode } from './ui-text';

export function LangMemory({ chosen }: { chosen: LangMode | null }) {
  const router = useRouter();
  useEffect(() => {
    if (chosen === null) {
      const stored = readStored().lang;
      if (stored) {
        const url = new URL(window.location.href);
        url.searchParams.set('lang', stored);
        router.replace(`${url.pathname}${url.search}${url.hash}`);
      }
    }
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-lang-choice]') : null;
      const lang = link?.dataset.langChoice;
      if (isLangMode(lang)) rememberLang(lang);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [chosen, router]);
  return null;
}
