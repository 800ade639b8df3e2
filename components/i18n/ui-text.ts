/**
 * The words of the UI chrome (buttons, headings, column titles, tooltips,
 * notices, page titles) in both languages. The prose of the walkthrough
 * itself lives in content/; this is only the frame around it. Keys are typed
 * from the English table, so a missing Chinese entry is a type error. The
 * playground's own table (playground-text.ts) is re-exported at the end.
 * Names from the sources (field names such as addr or used_event, kick,
 * call, eventfd) stay as they are in both languages, as TERMS.md says.
 */
import type { Lang } from '@/content/types';

/** What the reader chose: one language, or both side by side. */
export type LangMode = Lang | 'both';

/** Every language mode, in the order the switch shows them. */
export const LANG_MODES: readonly LangMode[] = ['en', 'zh', 'both'];

/** Whether `x` names a language mode. */
export function isLangMode(x: unknown): x is LangMode {
  return x === 'en' || x === 'zh' || x === 'both';
}

/** The languages a mode shows, Chinese first when both (the seeds are Chinese). */
export function langsOf(mode: LangMode): readonly Lang[] {
  return mode === 'both' ? ['zh', 'en'] : [mode];
}

/** A text in both languages (a scenario's title, a catalogue blurb, a URL problem). */
export type Bilingual = Readonly<Record<Lang, string>>;

/** A bilingual text in a mode: one language, or Chinese then English (once when they are the same). */
export function pick(text: Bilingual, mode: LangMode): string {
  if (mode !== 'both') return text[mode];
  return sayOnce(text.zh, text.en);
}

/** Chinese then English, but once when the Chinese already says the English ("调用栈 (backtrace)"). */
function sayOnce(zh: string, en: string): string {
  return zh.toLowerCase().includes(en.toLowerCase()) ? zh : `${zh} · ${en}`;
}

/** The BCP 47 tag for an HTML lang attribute. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

const en = {
  siteTitle: 'virtio explainer',
  siteTagline: 'Watch the virtio / vhost I/O stack run, one beat at a time: step forward and back, jump to any step, link to it.',
  siteDescription: 'Watch the virtio / vhost I/O stack run, one beat at a time.',
  socialImageAlt: 'The descriptor-flow walkthrough: the split virtqueue’s descriptor table, avail and used rings beside the explanation of the current step',
  breadcrumb: 'Breadcrumb',
  notFound: 'There is no such page.',
  backToCatalogue: 'Back to the scenarios',
  catalogue: 'Scenarios',
  freeRun: 'Free run',
  openPlayground: 'Open the playground',
  embedLink: 'embed',
  embedPage: 'embed',
  playgroundDescription: 'Run the virtio driver and vhost on real threads over shared memory, and watch throughput, notifications, ring occupancy and CPU share live.',
  planned: 'planned',
  openWalkthrough: 'Open the walkthrough',
  openFull: 'Open full version',
  loading: 'Loading the engine…',
  player: 'Player',
  play: 'Play',
  pause: 'Pause',
  stepBack: 'Step back',
  stepForward: 'Step forward',
  restart: 'Back to the start',
  toEnd: 'Jump to the end',
  speed: 'Speed',
  stepsPerSecond: 'steps/s',
  scrubber: 'Step',
  step: 'step',
  language: 'Language',
  langEn: 'English',
  langZh: '中文',
  langBoth: '中文 + English',
  ring: 'Split virtqueue',
  queue: 'queue',
  chainStages: 'Chain stages',
  pointers: 'Pointers',
  chain: 'Chain',
  colIndex: 'descriptor index',
  colAddr: 'guest-physical address of the buffer',
  colLen: 'length of the buffer in bytes',
  colFlags: 'VRING_DESC_F_NEXT, WRITE (device writes the buffer), INDIRECT (the buffer is a table of descriptors)',
  colNext: 'index of the next descriptor of the chain, when NEXT is set',
  colSlot: 'slot of ring[] (the index modulo the queue size)',
  colHead: 'head descriptor of the chain made available',
  colId: 'head descriptor of the chain given back',
  colUsedLen: 'bytes the device wrote into the buffer',
  markFreeHead: 'driver free_head: the next descriptor to hand out',
  markAvailIdx: 'avail->idx (driver: the next slot to fill)',
  markLastAvail: 'vhost last_avail_idx (the next slot to pop)',
  markUsedIdx: 'used->idx (vhost: the next slot to fill)',
  markLastUsed: 'driver last_used_idx (the next slot to reclaim)',
  descTable: 'Descriptor table',
  availRing: 'Available ring',
  usedRing: 'Used ring',
  indirectTable: 'Indirect table',
  entriesHidden: 'entries hidden',
  memory: 'Guest memory',
  region: 'Region',
  arena: 'arena',
  free: 'free',
  allocation: 'allocation',
  touchedBytes: 'Bytes touched by this step',
  eventfds: 'QEMU file descriptors',
  threads: 'Threads',
  where_guest: 'guest',
  where_host: 'host',
  idle: 'idle',
  backtrace: 'Backtrace',
  vmExit: 'VM exit: guest → host kernel (KVM)',
  vmExitUser: 'VM exit: guest → QEMU (KVM_RUN returns)',
  syscall: 'system call: QEMU → host kernel',
  noEvent: 'No event yet: press → or Play to take the first step.',
  counters: 'Counters',
  options: 'Scenario options',
  resetOptions: 'Defaults',
  phase: 'Phase',
  source: 'Source',
  functions: 'Functions involved',
  runnable: 'runnable',
  blocked: 'blocked',
  done: 'done',
  waitingFor: 'waits for',
  isolated: 'Cross-origin isolated: the engine shares guest memory with this page (SharedArrayBuffer), read live.',
  notIsolated: 'Not cross-origin isolated: the engine runs on a plain ArrayBuffer, so memory views refresh once per step.',
  urlIgnored: 'Ignored URL parameters (using defaults):',
  stepClamped: 'The link asked for a step past the end; showing the last step:',
  engineError: 'The engine refused this:',
  dismiss: 'Dismiss',
  kicks: 'kicks',
  kicksSuppressed: 'kicks suppressed',
  calls: 'calls',
  callsSuppressed: 'calls suppressed',
  interrupts: 'interrupts',
  buffersAdded: 'buffers added',
  buffersUsed: 'buffers used',
  buffersReclaimed: 'buffers reclaimed',
  framesDelivered: 'frames delivered',
  vqErrors: 'vq errors',
  stage_building: 'driver writing descriptors',
  stage_avail: 'published in the avail ring',
  stage_device: 'popped by vhost',
  stage_rejected: 'rejected by vhost (vq_err)',
  stage_used: 'returned in the used ring',
  stage_reclaiming: 'driver reclaiming',
  stage_heads: "done, waiting in vhost's vq->heads",
  frame: 'frame',
  buffer: 'buffer',
  head: 'head',
  unusedWithoutEventIdx: 'not used without EVENT_IDX',
  nextSlot: 'idx',
  lastAvail: 'vhost last_avail_idx',
  lastUsed: 'driver last_used_idx',
  freeHead: 'free_head',
  actingThread: 'acting',
  thread: 'Thread',
  bytesShown: 'bytes shown of',
  size: 'size',
  optionsReload: 'Changing an option rebuilds the run from step 0.',
  explanation: 'Explanation',
  fdFile: 'file',
  fdCount: 'count',
  versionsLead: 'Modelled on',
  version_kernel: 'guest and host kernel',
  version_qemu: 'the VMM, for the setup',
  version_dpdk: 'vhost back-end',
} as const;

/** A key of the UI text table. */
export type UiKey = keyof typeof en;

const zh: Record<UiKey, string> = {
  siteTitle: 'virtio 图解',
  siteTagline: '逐拍观察 virtio / vhost I/O 栈的运行：单步前进、后退，跳到任意一步，并用链接分享这一步。',
  siteDescription: '逐拍观察 virtio / vhost I/O 栈的运行。',
  socialImageAlt: '描述符流转演示：split virtqueue 的描述符表、avail 环和 used 环，旁边是当前这一步的讲解',
  breadcrumb: '导航路径',
  notFound: '没有这个页面。',
  backToCatalogue: '回到场景列表',
  catalogue: '场景',
  freeRun: '自由运行',
  openPlayground: '打开试验场',
  embedLink: '嵌入版',
  embedPage: '嵌入版',
  playgroundDescription: '在共享内存上用真实线程运行 virtio 驱动和 vhost，实时观察吞吐量、通知次数、环占用和各线程的 CPU 占用。',
  planned: '计划中',
  openWalkthrough: '打开演示',
  openFull: '打开完整版',
  loading: '正在加载引擎…',
  player: '播放器',
  play: '播放',
  pause: '暂停',
  stepBack: '单步后退',
  stepForward: '单步前进',
  restart: '回到开头',
  toEnd: '跳到结尾',
  speed: '速度',
  stepsPerSecond: '步/秒',
  scrubber: '步骤',
  step: '步',
  language: '语言',
  langEn: 'English',
  langZh: '中文',
  langBoth: '中文 + English',
  ring: 'Split virtqueue',
  queue: '队列',
  chainStages: '描述符链所处阶段',
  pointers: '指针',
  chain: '描述符链',
  colIndex: '描述符索引',
  colAddr: '缓冲区的客户机物理地址 (GPA)',
  colLen: '缓冲区长度 (字节)',
  colFlags: 'VRING_DESC_F_NEXT、WRITE (设备写这个缓冲区)、INDIRECT (缓冲区是一张间接描述符表)',
  colNext: '设置了 NEXT 时，链中下一个描述符的索引',
  colSlot: 'ring[] 的槽位 (索引对队列大小取模)',
  colHead: '发布到 avail 环的描述符链的 head',
  colId: '归还到 used 环的描述符链的 head',
  colUsedLen: '设备写入缓冲区的字节数',
  markFreeHead: '驱动的 free_head：下一个要分配出去的描述符',
  markAvailIdx: 'avail->idx (驱动：下一个要填写的槽位)',
  markLastAvail: 'vhost 的 last_avail_idx (下一个要取出的槽位)',
  markUsedIdx: 'used->idx (vhost：下一个要填写的槽位)',
  markLastUsed: '驱动的 last_used_idx (下一个要回收的槽位)',
  descTable: '描述符表',
  availRing: 'avail 环 (可用环)',
  usedRing: 'used 环 (已用环)',
  indirectTable: '间接描述符表',
  entriesHidden: '项已折叠',
  memory: '客户机内存',
  region: '内存区域',
  arena: '内存池',
  free: '空闲',
  allocation: '用途',
  touchedBytes: '本步访问的字节',
  eventfds: 'QEMU 文件描述符',
  threads: '线程',
  where_guest: '客户机',
  where_host: '宿主机',
  idle: '空闲',
  backtrace: '调用栈 (backtrace)',
  vmExit: 'VM exit：客户机 → 宿主机内核 (KVM)',
  vmExitUser: 'VM exit：客户机 → QEMU (KVM_RUN 返回)',
  syscall: '系统调用：QEMU → 宿主机内核',
  noEvent: '还没有事件：按 → 或“播放”走第一步。',
  counters: '计数器',
  options: '场景参数',
  resetOptions: '默认值',
  phase: '阶段',
  source: '来源文档',
  functions: '涉及的函数',
  runnable: '可运行',
  blocked: '阻塞',
  done: '结束',
  waitingFor: '等待',
  isolated: '已跨源隔离：引擎与本页共享客户机内存 (SharedArrayBuffer)，实时读取。',
  notIsolated: '未跨源隔离：引擎运行在普通 ArrayBuffer 上，内存视图每步刷新一次。',
  urlIgnored: '已忽略网址参数 (改用默认值)：',
  stepClamped: '链接中的步骤超出了结尾，显示最后一步：',
  engineError: '引擎拒绝了这个请求：',
  dismiss: '关闭',
  kicks: 'kick 次数',
  kicksSuppressed: 'kick 被抑制',
  calls: 'call 次数',
  callsSuppressed: 'call 被抑制',
  interrupts: '中断',
  buffersAdded: '已添加缓冲区',
  buffersUsed: '已用缓冲区',
  buffersReclaimed: '已回收缓冲区',
  framesDelivered: '已送达帧',
  vqErrors: 'vq 错误',
  stage_building: '驱动正在写描述符',
  stage_avail: '已发布到 avail 环',
  stage_device: 'vhost 已取出',
  stage_rejected: '被 vhost 拒绝 (vq_err)',
  stage_used: '已放回 used 环',
  stage_reclaiming: '驱动正在回收',
  stage_heads: '已处理，在 vhost 的 vq->heads 中等待归还',
  frame: '帧',
  buffer: '缓冲区',
  head: 'head',
  unusedWithoutEventIdx: '未协商 EVENT_IDX 时不使用',
  nextSlot: 'idx',
  lastAvail: 'vhost last_avail_idx',
  lastUsed: '驱动 last_used_idx',
  freeHead: 'free_head',
  actingThread: '当前线程',
  thread: '线程',
  bytesShown: '字节，共',
  size: '大小',
  optionsReload: '修改参数会从第 0 步重新运行。',
  explanation: '讲解',
  fdFile: '文件',
  fdCount: '计数',
  versionsLead: '所模拟的版本：',
  version_kernel: '客户机与宿主机内核',
  version_qemu: '虚拟机监控器，负责设置阶段',
  version_dpdk: 'vhost 后端',
};

const TABLES: Record<Lang, Record<UiKey, string>> = { en, zh };

/** The UI text for `key`; in 'both' mode, Chinese then English (once when they say the same). */
export function t(key: UiKey, mode: LangMode): string {
  if (mode !== 'both') return TABLES[mode][key];
  return sayOnce(zh[key], en[key]);
}

/** Any text made per language, in a mode: in 'both', Chinese · English (once when they are the same). */
export function inMode(mode: LangMode, text: (lang: Lang) => string): string {
  const [a, b] = langsOf(mode).map(text);
  return b === undefined || a === b ? a! : `${a} · ${b}`;
}

/** The UI text for `key` in one language. */
export function t1(key: UiKey, lang: Lang): string {
  return TABLES[lang][key];
}

export { pt, pt1, pt1Fill, ptEach, type PlaygroundKey } from './playground-text';
