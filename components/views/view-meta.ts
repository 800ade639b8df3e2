/**
 * The diagrams a walkthrough is made of, as data: an id for URLs, the kinds
 * of world (WorldInfo['kind']) each one can draw, and a bilingual name. The
 * embed route, its URL parser and the walkthrough's Embed button all read
 * this list, so a view added here (and given its component in
 * view-components.tsx, which the type system insists on) is embeddable with
 * no further work. Pure data: no React, safe for the server and for tests.
 */
import type { ScenarioKind } from '../walkthrough/scenario-kind';
import type { Bilingual } from '../i18n/ui-text';

/** One registered view. */
export interface ViewMeta {
  /** Short id as URLs spell it (`view=ring`). */
  id: string;
  /** The kinds of world it draws; `'any'` for views over the trace itself (prose, backtrace…). */
  kinds: readonly ScenarioKind[] | 'any';
  title: Bilingual;
}

/** Every view, in the order the Embed button offers them (the first that fits a scenario is its default). */
export const VIEWS = [
  { id: 'ring', kinds: ['virtqueue'], title: { en: 'Split virtqueue (descriptor table, avail and used rings)', zh: 'split virtqueue（描述符表、avail 环与 used 环）' } },
  { id: 'msix', kinds: ['pci'], title: { en: 'MSI-X table and interrupt routing', zh: 'MSI-X 表与中断路由' } },
  { id: 'sequence', kinds: ['vhost-user'], title: { en: 'vhost-user message sequence and bytes', zh: 'vhost-user 消息序列与字节' } },
  { id: 'memory', kinds: ['virtqueue'], title: { en: 'Guest memory', zh: '客户机内存' } },
  { id: 'overview', kinds: 'any', title: { en: 'Overview: processes and the paths between them', zh: '总览：各进程及其间的通路' } },
  { id: 'prose', kinds: 'any', title: { en: 'Explanation of the step', zh: '本步讲解' } },
  { id: 'backtrace', kinds: 'any', title: { en: 'Backtrace', zh: '调用栈 (backtrace)' } },
  { id: 'threads', kinds: 'any', title: { en: 'Threads', zh: '线程' } },
  { id: 'fds', kinds: 'any', title: { en: 'Eventfds and fd tables', zh: 'eventfd 与 fd 表' } },
  { id: 'counters', kinds: ['virtqueue'], title: { en: 'Counters', zh: '计数' } },
  { id: 'interrupts', kinds: ['pci'], title: { en: '/proc/interrupts', zh: '/proc/interrupts' } },
  { id: 'config', kinds: ['pci'], title: { en: 'PCI configuration space', zh: 'PCI 配置空间' } },
  { id: 'dpdk-log', kinds: ['vhost-user'], title: { en: 'DPDK’s log', zh: 'DPDK 日志' } },
  { id: 'stacks', kinds: ['vhost-user'], title: { en: 'Both sides’ stacks', zh: '两端的调用栈' } },
  { id: 'device', kinds: ['vhost-user'], title: { en: 'The back-end’s device and QEMU’s state', zh: '后端设备与 QEMU 的状态' } },
] as const satisfies readonly ViewMeta[];

/** A registered view id. */
export type ViewId = (typeof VIEWS)[number]['id'];

/** Whether `id` names a registered view. */
export function isViewId(id: unknown): id is ViewId {
  return typeof id === 'string' && VIEWS.some((v) => v.id === id);
}

/** Whether view `v` can draw a world of `kind`. */
export function viewFits(v: ViewMeta, kind: ScenarioKind): boolean {
  return v.kinds === 'any' || v.kinds.includes(kind);
}

/** The views that can draw a world of `kind`, in registry order. */
export function viewsFor(kind: ScenarioKind): readonly ViewMeta[] {
  return VIEWS.filter((v) => viewFits(v, kind));
}

/** The view's metadata. */
export function viewMeta(id: ViewId): ViewMeta {
  return VIEWS.find((v) => v.id === id)!;
}
