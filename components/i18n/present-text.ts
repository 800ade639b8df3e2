/**
 * The words of instructor mode (the presenter view, the audience view and the
 * join page) in both languages. Keys are typed from the English table, so a
 * missing Chinese entry is a type error. {name} placeholders are the same in
 * both languages.
 */
import type { LangMode } from './ui-text';

const en = {
  present: 'Present',
  presentHint: 'Open this walkthrough in presenter mode: notes, a timer, and an audience that follows you',
  presenterTitle: 'Presenter',
  followerTitle: 'Following',
  joinTitle: 'Follow a presentation',
  joinLead: 'Type the room code the presenter shows. Your screen then follows theirs step by step; you can browse on your own and come back to the live step at any time.',
  joinLabel: 'Room code',
  joinButton: 'Follow',
  joinLooking: 'Looking for the room…',
  badCode: 'A room code is six characters from A–Z and 2–9 (there is no 0, 1, I, L or O).',
  noSuchRoom: 'There is no room {code}: it may have expired, or the presenter ended it.',
  room: 'Room',
  roomCode: 'Room code',
  roomOpening: 'Opening a room…',
  roomRelay: 'Other devices join at {url} with this code.',
  roomLocal: 'This machine only: windows of this browser follow; the relay is not used.',
  roomRelayDown: 'The relay could not open a room ({why}); windows of this browser still follow.',
  roomExpired: 'The room expired; your audience is no longer following.',
  newRoom: 'Open a new room',
  openAudience: 'Open an audience window',
  copyLink: 'Copy the audience link',
  copied: 'Copied',
  endRoom: 'End the room',
  roomEnded: 'The room is ended.',
  framed: 'The presenter view does not run inside another site’s page. Open it in its own tab.',
  current: 'Now',
  next: 'Next',
  nextEnd: 'This is the last step.',
  notes: 'Speaker notes',
  notesPhase: 'Phase {n} of {m}: {title}',
  notesBeat: 'beat {i} of {k} in this phase',
  notesNewPhase: 'A new phase starts here: introduce it.',
  notesSay: 'Say',
  notesWhere: 'Point at',
  notesSource: 'Source',
  notesStart: 'Before the first beat. Introduce the scenario, then press → to start.',
  timer: 'Timer',
  timerPause: 'Pause the timer',
  timerResume: 'Resume the timer',
  timerReset: 'Reset the timer',
  clock: 'Time of day',
  waiting: 'Waiting for the presenter…',
  live: 'Live',
  liveStep: 'Following the presenter: step {step}',
  browsing: 'Browsing on your own; the presenter is at step {step}.',
  browse: 'Browse on my own',
  backToLive: 'Back to live (step {step})',
  viaLocal: 'via this browser',
  viaRelay: 'via the relay',
  ended: 'The presenter ended the room.',
  expired: 'The room expired.',
  followMode: 'Follow mode',
} as const;

/** A key of the instructor-mode table. */
export type PresentKey = keyof typeof en;

const zh: Record<PresentKey, string> = {
  present: '演示模式',
  presentHint: '以演示模式打开本演示：讲稿、计时器，以及跟随你翻页的听众',
  presenterTitle: '演示者',
  followerTitle: '跟随中',
  joinTitle: '跟随一场演示',
  joinLead: '输入演示者屏幕上显示的房间码。之后你的屏幕会一步一步跟着演示者走；你也可以自己浏览，随时回到直播中的那一步。',
  joinLabel: '房间码',
  joinButton: '跟随',
  joinLooking: '正在查找房间…',
  badCode: '房间码是六个字符，取自 A–Z 和 2–9（没有 0、1、I、L、O）。',
  noSuchRoom: '没有房间 {code}：它可能已过期，或演示者已结束它。',
  room: '房间',
  roomCode: '房间码',
  roomOpening: '正在开房间…',
  roomRelay: '其他设备打开 {url}，输入这个房间码即可加入。',
  roomLocal: '仅限本机：本浏览器的其他窗口会跟随；不经过中继服务。',
  roomRelayDown: '中继服务没能开房间（{why}）；本浏览器的其他窗口仍会跟随。',
  roomExpired: '房间已过期，听众不再跟随。',
  newRoom: '开一个新房间',
  openAudience: '打开一个听众窗口',
  copyLink: '复制听众链接',
  copied: '已复制',
  endRoom: '结束房间',
  roomEnded: '房间已结束。',
  framed: '演示者视图不在其他网站的页面里运行，请在单独的标签页中打开。',
  current: '当前',
  next: '下一步',
  nextEnd: '这已是最后一步。',
  notes: '讲稿',
  notesPhase: '第 {n} 阶段（共 {m} 个）：{title}',
  notesBeat: '本阶段第 {i} 拍，共 {k} 拍',
  notesNewPhase: '新阶段从这里开始：先介绍它。',
  notesSay: '讲解',
  notesWhere: '指向',
  notesSource: '出处',
  notesStart: '第一拍之前。先介绍这个场景，再按 → 开始。',
  timer: '计时器',
  timerPause: '暂停计时',
  timerResume: '继续计时',
  timerReset: '计时归零',
  clock: '当前时间',
  waiting: '正在等待演示者…',
  live: '直播',
  liveStep: '正跟随演示者：第 {step} 步',
  browsing: '你在自行浏览；演示者在第 {step} 步。',
  browse: '自己浏览',
  backToLive: '回到直播（第 {step} 步）',
  viaLocal: '经由本浏览器',
  viaRelay: '经由中继服务',
  ended: '演示者已结束房间。',
  expired: '房间已过期。',
  followMode: '跟随方式',
};

/** One language's text with its {name} placeholders filled in. */
export function prt1(key: PresentKey, lang: 'en' | 'zh', values: Readonly<Record<string, string | number>> = {}): string {
  return (lang === 'zh' ? zh[key] : en[key]).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The text in a mode: one language, or Chinese then English. */
export function prt(key: PresentKey, mode: LangMode, values: Readonly<Record<string, string | number>> = {}): string {
  if (mode !== 'both') return prt1(key, mode, values);
  const a = prt1(key, 'zh', values);
  const b = prt1(key, 'en', values);
  return a === b ? a : `${a} · ${b}`;
}
