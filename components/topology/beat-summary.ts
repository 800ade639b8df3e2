/**
 * The current beat in one sentence per language: the function acting, the
 * component it runs in, and what travels where. Shown under the picture and
 * read out (politely) by screen readers, since the picture itself is
 * graphics.
 */
import type { Lang } from '@/content/types';
import type { TopoNode } from '@/engine/scenarios/world';
import type { Activity } from '@/engine/trace/flows';
import { FLOW_LABEL, ROLE_CAPTION, TOPO_TEXT } from './text';

/** The sentence for `activity` (null before the first beat) in `lang`. */
export function beatSummary(activity: Activity | null, fn: string | null, nodes: ReadonlyMap<string, TopoNode>, lang: Lang): string {
  if (!activity) return TOPO_TEXT.noBeat[lang];
  const zh = lang === 'zh';
  const what = (id: string) => {
    const n = nodes.get(id);
    return n ? ROLE_CAPTION[n.role].main[lang] : id;
  };
  const actor = nodes.get(activity.node);
  const who = actor ? (zh ? `${what(actor.id)}（${actor.name}）` : `${what(actor.id)} (${actor.name})`) : activity.node;
  const flows = activity.flows.length
    ? activity.flows.map((f) => `${FLOW_LABEL[f.kind][lang]}${zh ? '：' : ': '}${what(f.from)} → ${what(f.to)}`).join(zh ? '；' : '; ')
    : TOPO_TEXT.nothingTravels[lang];
  const head = fn ? `${fn} — ` : '';
  return zh ? `${head}${who}${TOPO_TEXT.acts.zh}。${flows}。` : `${head}${who} ${TOPO_TEXT.acts.en}. ${flows[0]!.toUpperCase()}${flows.slice(1)}.`;
}
