/**
 * The embedding guide's words (app/docs/embedding/page.tsx): every URL parameter
 * of /embed version 1 and every message of its postMessage API, in both
 * languages. components/embed/embed-params.ts and embed-messages.ts are the
 * code these describe; embed-doc.test.ts checks that every parameter and
 * message the code knows is described here.
 */
import type { Bilingual } from './types';

/** One documented item: its name as written, and what it does. */
export interface DocItem {
  name: string;
  example: string;
  text: Bilingual;
}

export const EMBED_PARAMS: readonly DocItem[] = [
  { name: 'v', example: 'v=1', text: { en: 'Required. The version of these parameters; this site reads 1.', zh: '必填。参数的版本号，本站只认 1。' } },
  { name: 'scenario', example: 'scenario=descriptor-flow', text: { en: 'Required. Which walkthrough.', zh: '必填。哪一个演示。' } },
  { name: 'view', example: 'view=ring', text: { en: 'Required. Which diagram; the scenario must have it (the refusal lists the ones it has).', zh: '必填。哪一个图；该场景必须有这个图（拒绝时会列出它有哪些）。' } },
  { name: 'o.<option>', example: 'o.qsize=64', text: { en: 'A scenario option, as the walkthrough’s own URL spells it without the o. prefix.', zh: '场景参数，与演示页 URL 中的写法相同，只是前面加 o.。' } },
  { name: 'step', example: 'step=12 · step=5-20', text: { en: 'The step to open at, or a range: the player starts at its first step and stays within it.', zh: '打开时所在的步，或一个区间：播放器从区间第一步开始，且不会走出区间。' } },
  { name: 'lang', example: 'lang=zh', text: { en: 'en, zh or both (default: the reader’s remembered choice, else both).', zh: 'en、zh 或 both（默认：读者记住的选择，否则 both）。' } },
  { name: 'controls', example: 'controls=0', text: { en: '1 (default) shows the player; 0 hides it (its keys still work while the frame has focus).', zh: '1（默认）显示播放器；0 隐藏它（框架获得焦点时按键仍然有效）。' } },
  { name: 'autoplay', example: 'autoplay=1', text: { en: 'Start playing once loaded.', zh: '加载后自动播放。' } },
  { name: 'loop', example: 'loop=1', text: { en: 'Playing past the last step (of the range) starts over at the first.', zh: '播放到（区间的）最后一步后从第一步重新开始。' } },
  { name: 'theme', example: 'theme=dark', text: { en: 'light (default) or dark.', zh: 'light（默认）或 dark。' } },
  { name: 'height', example: 'height=480', text: { en: 'auto (default: the frame reports its height in height events) or a fixed height in pixels, 120–4000, inside which the diagram scrolls.', zh: 'auto（默认：框架通过 height 事件报告自身高度）或 120–4000 之间的固定像素高度，图在其中滚动。' } },
  {
    name: 'origin',
    example: 'origin=https://docs.example.org · origin=*',
    text: {
      en: 'Who may drive the frame by postMessage, and where its events go. Default: the embedding page’s own origin only. A comma-separated list names the allowed origins; * lets any origin drive it and posts events to any (use it only for public, read-only demos). Messages from other origins, or from a window that is not the embedding page, are ignored with a console warning.',
      zh: '谁可以用 postMessage 驱动这个框架，以及事件发往哪里。默认：只有嵌入它的页面自己的源。以逗号分隔的列表指定允许的源；* 允许任何源驱动它，事件也发往任何源（只适合公开、只读的演示）。来自其他源、或来自非嵌入页面窗口的消息会被忽略，并在控制台给出警告。',
    },
  },
  { name: 'id', example: 'id=fig-3', text: { en: 'A name echoed in every event, to tell several embeds apart.', zh: '一个名字，会出现在每个事件中，用来区分页面上的多个嵌入。' } },
];

export const EMBED_COMMANDS: readonly DocItem[] = [
  { name: 'step', example: "{ type: 'step', by: 1 }", text: { en: 'One step forward (by: 1) or back (by: -1).', zh: '前进（by: 1）或后退（by: -1）一步。' } },
  { name: 'seek', example: "{ type: 'seek', step: 12 }", text: { en: 'Go to a step (clamped to the run and to the URL’s range).', zh: '跳到某一步（限制在运行长度和 URL 给出的区间之内）。' } },
  { name: 'play', example: "{ type: 'play' }", text: { en: 'Start playing.', zh: '开始播放。' } },
  { name: 'pause', example: "{ type: 'pause' }", text: { en: 'Pause.', zh: '暂停。' } },
  { name: 'setLanguage', example: "{ type: 'setLanguage', lang: 'zh' }", text: { en: 'Switch the language (en, zh or both).', zh: '切换语言（en、zh 或 both）。' } },
];

export const EMBED_EVENTS: readonly DocItem[] = [
  { name: 'ready', example: "{ type: 'ready', id, scenario, view, step, total, lang }", text: { en: 'The diagram is drawn and takes commands.', zh: '图已画好，可以接受命令。' } },
  { name: 'stepChanged', example: "{ type: 'stepChanged', id, step, total, caption: { en, zh } }", text: { en: 'A new step is on screen, with its caption in both languages.', zh: '新的一步已显示，附带中英文讲解。' } },
  { name: 'height', example: "{ type: 'height', id, height }", text: { en: 'The content’s height in CSS pixels changed: set the iframe’s height to it.', zh: '内容高度（CSS 像素）变化了：把 iframe 的高度设成它。' } },
  { name: 'error', example: "{ type: 'error', id, code, message }", text: { en: 'A refused URL (bad-params), a refused message (bad-message) or an engine error (engine).', zh: 'URL 被拒绝（bad-params）、消息被拒绝（bad-message）或引擎出错（engine）。' } },
];

export const EMBED_GUIDE = {
  title: { en: 'Embedding a diagram', zh: '嵌入一个图' },
  intro: {
    en: 'Any diagram of any walkthrough can be put in another page with an iframe: open a walkthrough, go to the step, press Embed, copy. It runs in pages that are not cross-origin isolated. This page lists the URL parameters and the postMessage API.',
    zh: '任何演示中的任何一个图都可以用 iframe 放进别的页面：打开演示，走到那一步，点“嵌入”，复制即可。它在没有跨源隔离的页面中也能运行。本页列出 URL 参数和 postMessage 接口。',
  },
  params: { en: 'URL parameters (/embed?…)', zh: 'URL 参数（/embed?…）' },
  bad: {
    en: 'A URL with any bad parameter shows what is wrong in the frame and nothing else, and posts one error event.',
    zh: 'URL 中只要有一个参数不对，框架里就只显示错在哪里，并发出一个 error 事件。',
  },
  commands: { en: 'Commands (your page → the frame)', zh: '命令（你的页面 → 框架）' },
  events: { en: 'Events (the frame → your page)', zh: '事件（框架 → 你的页面）' },
  envelope: {
    en: "Every message, both ways, carries source: 'virtio-explainer' and v: 1. A message with a missing, unknown or ill-typed field, or one sent before ready, is ignored as a whole with a console warning (and an error event back).",
    zh: "双向的每条消息都带有 source: 'virtio-explainer' 和 v: 1。缺字段、多出未知字段或类型不对的消息，以及在 ready 之前发来的消息，整条忽略，控制台给出警告（并回发一个 error 事件）。",
  },
  keys: {
    en: 'Keys (← → Space Home End) act on a frame only while it has focus, from the first click into it, so several embeds on one page do not fight over them.',
    zh: '按键（← → 空格 Home End）只作用于获得焦点的框架，点进框架即可使用，因此同一页面上的多个嵌入不会争抢按键。',
  },
  example: { en: 'Example', zh: '示例' },
} as const satisfies Record<string, Bilingual>;
