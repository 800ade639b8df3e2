/**
 * The embed's own words in both languages: the frame's notes and the Embed
 * button's panel (why a URL was refused: embed-error-text.ts). Kept apart
 * from ui-text.ts because only the embed and its button use them.
 */
import type { Bilingual } from '../i18n/ui-text';

/** The embed's chrome and the Embed button's dialog. */
export const EMBED_TEXT = {
  refused: { en: 'This embed’s URL has problems, so nothing is shown:', zh: '这个嵌入的 URL 有问题，因此不显示任何内容：' },
  docs: { en: 'See the embedding guide for every parameter.', zh: '所有参数见嵌入说明。' },
  embed: { en: 'Embed', zh: '嵌入' },
  embedTitle: { en: 'Embed one diagram at this step', zh: '在此步嵌入一个图' },
  view: { en: 'Diagram', zh: '图' },
  controls: { en: 'Show the player controls', zh: '显示播放控件' },
  theme: { en: 'Theme', zh: '主题' },
  light: { en: 'light', zh: '浅色' },
  dark: { en: 'dark', zh: '深色' },
  snippet: { en: 'HTML to paste into your page', zh: '粘贴到你的页面中的 HTML' },
  copy: { en: 'Copy', zh: '复制' },
  copied: { en: 'Copied', zh: '已复制' },
  copyFailed: { en: 'Copy failed: select the text and copy it by hand', zh: '复制失败：请选中文本手动复制' },
  close: { en: 'Close', zh: '关闭' },
  frameTitle: { en: 'virtio explainer', zh: 'virtio 图解' },
} as const satisfies Record<string, Bilingual>;
