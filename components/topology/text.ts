/**
 * The overview's words in both languages: what each kind of component is
 * (its role), the groups the picture is laid out in, what travels along a
 * link, and the few words of the panel itself. Every entry is a `Bi`, so a
 * missing Chinese (or English) word is a type error, and every table is
 * keyed by the engine's own unions (TopoRole, TopoGroup, FlowKind), so a
 * role or flow kind added to the engine without words here does not compile.
 * Terms follow shared/refs/TERMS.md: kick, call, vring, eventfd, irqfd,
 * ioeventfd and vhost stay in English.
 */
import type { Lang } from '@/content/types';
import type { TopoGroup, TopoNode, TopoRole } from '@/engine/scenarios/world';
import type { FlowKind } from '@/engine/trace/flows';
import { t1, type LangMode, type UiKey } from '../i18n/ui-text';

/** One text in both languages. */
export interface Bi {
  en: string;
  zh: string;
}

/** A role's caption: a short name for the node's first line and a detail for its second. */
export interface RoleCaption {
  main: Bi;
  detail: Bi;
}

/** What each kind of component is. */
export const ROLE_CAPTION = {
  vcpu: { main: { en: 'vCPU', zh: 'vCPU' }, detail: { en: 'virtio-net driver', zh: 'virtio-net 驱动' } },
  vring: { main: { en: 'vring', zh: 'vring' }, detail: { en: 'desc · avail · used', zh: '描述符 · avail · used' } },
  buffers: { main: { en: 'buffers', zh: '缓冲区' }, detail: { en: 'headers + frames', zh: '包头 + 帧' } },
  ioeventfd: { main: { en: 'ioeventfd', zh: 'ioeventfd' }, detail: { en: 'notify → eventfd', zh: '通知 → eventfd' } },
  'kick-eventfd': { main: { en: 'kick eventfd', zh: 'kick eventfd' }, detail: { en: 'host notifier', zh: 'host notifier' } },
  'call-eventfd': { main: { en: 'call eventfd', zh: 'call eventfd' }, detail: { en: 'guest notifier', zh: 'guest notifier' } },
  irqfd: { main: { en: 'irqfd', zh: 'irqfd' }, detail: { en: 'eventfd → MSI', zh: 'eventfd → MSI 中断' } },
  lapic: { main: { en: 'LAPIC', zh: 'LAPIC' }, detail: { en: 'local APIC', zh: '本地 APIC' } },
  'vhost-worker': { main: { en: 'vhost worker', zh: 'vhost worker' }, detail: { en: 'vhost_task in QEMU', zh: 'QEMU 里的 vhost_task' } },
  tap: { main: { en: 'tap', zh: 'tap' }, detail: { en: 'TUN/TAP device', zh: 'TUN/TAP 设备' } },
  'host-stack': { main: { en: 'host stack', zh: '宿主机协议栈' }, detail: { en: 'sends into tap0', zh: '向 tap0 发包' } },
  qemu: { main: { en: 'QEMU', zh: 'QEMU' }, detail: { en: 'sets vhost up', zh: '配置 vhost' } },
  'pci-function': { main: { en: 'PCI function', zh: 'PCI 功能' }, detail: { en: 'config space · BARs', zh: '配置空间 · BAR' } },
  'msix-table': { main: { en: 'MSI-X table', zh: 'MSI-X 表' }, detail: { en: 'address · data · mask', zh: '地址 · 数据 · 屏蔽位' } },
  'gsi-route': { main: { en: 'GSI routes', zh: 'GSI 路由' }, detail: { en: 'GSI → MSI message', zh: 'GSI → MSI 消息' } },
  'unix-socket': { main: { en: 'unix socket', zh: 'unix socket' }, detail: { en: 'vhost-user messages + fds', zh: 'vhost-user 消息 + fd' } },
  'dpdk-vhost': { main: { en: 'DPDK vhost', zh: 'DPDK vhost' }, detail: { en: 'vhost-events thread', zh: 'vhost-events 线程' } },
  pmd: { main: { en: 'PMD thread', zh: 'PMD 线程' }, detail: { en: 'polls the rings', zh: '轮询 vring' } },
} as const satisfies Record<TopoRole, RoleCaption>;

/** Where a component sits. */
export const GROUP_LABEL = {
  guest: { en: 'guest', zh: '客户机' },
  'guest-ram': { en: 'guest RAM', zh: '客户机内存' },
  kvm: { en: 'KVM', zh: 'KVM' },
  'host-kernel': { en: 'host kernel', zh: '宿主机内核' },
  'host-user': { en: 'host user space', zh: '宿主机用户态' },
} as const satisfies Record<TopoGroup, Bi>;

/** What travels along a link. */
export const FLOW_LABEL = {
  kick: { en: 'kick', zh: 'kick' },
  call: { en: 'call', zh: 'call' },
  wake: { en: 'wakeup', zh: '唤醒' },
  irq: { en: 'interrupt', zh: '中断' },
  'desc-write': { en: 'descriptor write', zh: '写描述符' },
  'desc-read': { en: 'descriptor read', zh: '读描述符' },
  copy: { en: 'data copy', zh: '数据拷贝' },
  setup: { en: 'setup', zh: '配置' },
} as const satisfies Record<FlowKind, Bi>;

/** The picture's own words (the panel's title is in TopologyView, which loads first). */
export const TOPO_TEXT = {
  svgTitle: { en: 'The path of this scenario', zh: '本场景的路径' },
  svgDesc: {
    en: 'The components this scenario builds, grouped as guest, guest RAM, KVM, host kernel and host user space, with the links a beat can use. The component acting at this beat is lit and names its function; kicks, calls, descriptor reads and writes, data copies, wakeups and interrupts travel as tokens along their links.',
    zh: '本场景构建的组件，按客户机、客户机内存、KVM、宿主机内核、宿主机用户态分组，以及每一步可能经过的连线。当前这一步执行的组件会高亮并标出其函数；kick、call、读写描述符、数据拷贝、唤醒和中断以标记沿连线移动。',
  },
  legend: { en: 'What travels', zh: '图例' },
  acts: { en: 'acts', zh: '执行' },
  noBeat: { en: 'No beat yet.', zh: '还没有事件。' },
  finished: { en: 'The run is over: every frame has made its way.', zh: '运行结束：每一帧都已走完全程。' },
  nothingTravels: { en: 'nothing travels', zh: '无传递' },
  showIn: { en: 'show in the panel', zh: '在面板中查看' },
} as const satisfies Record<string, Bi>;

/** The panel each kind of node opens, by the UI key of that panel's title. */
export const PANEL_TITLE = {
  threads: 'threads',
  ring: 'ring',
  memory: 'memory',
  fds: 'eventfds',
  pci: 'pciPanels',
  irqs: 'irqPanels',
} as const satisfies Record<NonNullable<TopoNode['panel']>, UiKey>;

/** `text` in the reader's mode: one language, or Chinese then English (once when both say the same). */
export function bi(text: Bi, mode: LangMode, sep = ' · '): string {
  if (mode !== 'both') return text[mode];
  return text.zh === text.en ? text.en : `${text.zh}${sep}${text.en}`;
}

/** `text` as separate lines, one per language the mode shows (Chinese first), each with its language. */
export function biLines(text: Bi, mode: LangMode): Array<{ lang: Lang; text: string }> {
  if (mode !== 'both') return [{ lang: mode, text: text[mode] }];
  return text.zh === text.en ? [{ lang: 'en', text: text.en }] : [{ lang: 'zh', text: text.zh }, { lang: 'en', text: text.en }];
}

/** A role's whole caption on one line ("vCPU · virtio-net driver"), in one language. */
export function roleCaption1(role: TopoRole, lang: Lang): string {
  const c: RoleCaption = ROLE_CAPTION[role];
  return `${c.main[lang]} · ${c.detail[lang]}`;
}

/** A role's whole caption in the reader's mode. */
export function roleCaption(role: TopoRole, mode: LangMode): string {
  return mode === 'both' ? `${roleCaption1(role, 'zh')} / ${roleCaption1(role, 'en')}` : roleCaption1(role, mode);
}

/** The accessible name of a node that opens its panel: what it is, its real name, and where it leads. */
export function nodeLinkLabel(node: TopoNode, panel: NonNullable<TopoNode['panel']>, mode: LangMode): string {
  const one = (lang: Lang) => `${roleCaption1(node.role, lang)}, ${node.name}: ${TOPO_TEXT.showIn[lang]} “${t1(PANEL_TITLE[panel], lang)}”`;
  return mode === 'both' ? `${one('zh')} / ${one('en')}` : one(mode);
}
