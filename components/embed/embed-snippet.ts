/** The HTML an author pastes: one iframe of one view at one step. Pure, so the Embed button's output is unit-tested. */
import { buildEmbedQuery, type EmbedChoice } from './embed-params';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An iframe snippet for `choice` on the site at `origin`, with an accessible `title`. */
export function embedSnippet(origin: string, choice: EmbedChoice, title: string): string {
  const src = `${origin}/embed${buildEmbedQuery(choice)}`;
  const height = typeof choice.height === 'number' ? choice.height : 480;
  return `<iframe src="${esc(src)}" title="${esc(title)}" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`;
}
