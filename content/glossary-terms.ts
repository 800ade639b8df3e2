/**
 * The glossary as the site links it: a stable anchor per entry, and which
 * entries a piece of prose mentions (so a caption can link to them). An
 * entry's names are its English and Chinese headings split at commas,
 * colons and parentheses ("available ring (avail ring)" is named both
 * "available ring" and "avail ring").
 */
import { GLOSSARY, type GlossaryEntry } from './glossary';

/** The entry's anchor on /glossary, from its English heading. */
export function glossarySlug(entry: Pick<GlossaryEntry, 'en'>): string {
  return entry.en
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The names an entry goes by. */
export function glossaryNames(entry: Pick<GlossaryEntry, 'en' | 'zh'>): string[] {
  const names = [...entry.en.split(/[,:()]/), ...entry.zh.split(/[，：（）,:()]/)].map((n) => n.trim()).filter((n) => n.length >= 3 || /[\u4e00-\u9fff]{2,}/.test(n));
  return [...new Set(names)];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each entry with one pattern matching any of its names (whole words for Latin names). */
const PATTERNS = GLOSSARY.map((entry) => {
  const parts = glossaryNames(entry).map((n) => (/^[\w\s.\->+]+$/.test(n) ? `(?<![\\w-])${escape(n)}(?![\\w-])` : escape(n)));
  return { entry, re: new RegExp(parts.join('|'), 'i') };
});

/** The entries `text` mentions, in glossary order, at most `max`. */
export function glossaryTermsIn(text: string, max = 6): GlossaryEntry[] {
  return PATTERNS.filter((p) => p.re.test(text))
    .map((p) => p.entry)
    .slice(0, max);
}
