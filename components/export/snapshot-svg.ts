/**
 * One view as a standalone SVG file, as it looks now. A view that is drawn
 * as SVG (the overview) is exported as that SVG; an HTML view (the ring, the
 * tables, the prose) is cloned into a foreignObject. Either way every
 * element's computed style is written inline — only what differs from the
 * browser's defaults for that tag — so the file needs none of the site's
 * stylesheets. `svgToPng` rasterises the result through a canvas.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** An SVG document and its size in CSS pixels. */
export interface SvgSnapshot {
  svg: string;
  width: number;
  height: number;
}

/**
 * Properties not written: those that only matter on screen or would replay
 * in the file (transitions, animations), and the logical duplicates of
 * physical ones (the site is horizontal-tb, so block-size is height).
 */
const SKIP =
  /^(transition|animation|cursor|pointer-events|will-change|user-select|-webkit-user-select|caret-color|view-transition-name|interactivity|-webkit-locale|-webkit-font-smoothing|block-size|inline-size|min-block-size|min-inline-size|max-block-size|max-inline-size|border-block|border-inline|margin-block|margin-inline|padding-block|padding-inline|inset-block|inset-inline|overflow-block|overflow-inline|contain-intrinsic-block-size|contain-intrinsic-inline-size)/;

/** Inherited properties: written only where they differ from the parent's, since the file inherits them the same way. */
const INHERITED = new Set([
  'color', 'color-scheme', 'cursor', 'direction', 'dominant-baseline', 'fill', 'fill-opacity', 'fill-rule', 'font-family', 'font-feature-settings',
  'font-kerning', 'font-optical-sizing', 'font-size', 'font-size-adjust', 'font-stretch', 'font-style', 'font-synthesis', 'font-variant',
  'font-variant-caps', 'font-variant-east-asian', 'font-variant-ligatures', 'font-variant-numeric', 'font-variant-position', 'font-variation-settings', 'font-weight',
  'hyphens', 'letter-spacing', 'line-break', 'line-height', 'list-style-image', 'list-style-position', 'list-style-type', 'orphans', 'overflow-wrap',
  'paint-order', 'quotes', 'shape-rendering', 'stroke', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-opacity', 'stroke-width', 'tab-size', 'text-align', 'text-align-last', 'text-anchor', 'text-indent', 'text-rendering', 'text-shadow',
  'text-transform', 'text-wrap-mode', 'text-wrap-style', 'visibility', 'white-space-collapse', 'widows', 'word-break', 'word-spacing', 'writing-mode',
  '-webkit-text-fill-color', '-webkit-text-stroke-color', '-webkit-text-stroke-width', 'text-emphasis-color', 'text-emphasis-position', 'text-emphasis-style',
  'text-underline-position', 'text-size-adjust', '-webkit-text-size-adjust', 'word-wrap', 'image-rendering', 'border-collapse', 'border-spacing',
  'caption-side', 'empty-cells', 'speak', 'pointer-events', 'user-select', 'clip-rule', 'marker-start', 'marker-mid', 'marker-end', 'color-interpolation',
  'color-interpolation-filters', 'color-rendering', 'math-depth', 'math-style', 'ruby-position', 'text-combine-upright', 'text-orientation', 'forced-color-adjust',
  'print-color-adjust', 'hyphenate-character', 'font-palette', 'text-spacing-trim', 'text-autospace',
]);

/** Properties whose initial value is currentColor: not written when they equal the element's own colour. */
const CURRENT_COLOR = /^(border-(top|right|bottom|left)-color|outline-color|column-rule-color|row-rule-color|text-decoration-color|text-emphasis-color|-webkit-text-fill-color|-webkit-text-stroke-color)$/;

/** Computed styles of a default element per tag, measured inside an `all: initial` box (what an SVG image renders with). */
class Defaults {
  private readonly cache = new Map<string, { values: Map<string, string>; ua: Set<string> }>();
  private readonly host: HTMLDivElement;
  private readonly box: HTMLDivElement;
  private readonly svgBox: SVGSVGElement;

  constructor(doc: Document) {
    // A shadow root keeps the page's stylesheets (its `*` box-sizing, its element rules) off the probes: they see only the browser's own.
    this.host = doc.createElement('div');
    this.host.setAttribute('aria-hidden', 'true');
    this.host.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 0; height: 0; overflow: hidden;';
    const shadow = this.host.attachShadow({ mode: 'open' });
    this.box = doc.createElement('div');
    this.box.style.cssText = 'all: initial; display: block; width: 10px;';
    this.svgBox = doc.createElementNS(SVG_NS, 'svg');
    this.box.appendChild(this.svgBox);
    shadow.appendChild(this.box);
    doc.body.appendChild(this.host);
  }

  of(el: Element): Map<string, string> {
    return this.measure(el).values;
  }

  /** The inherited properties the browser's own stylesheet sets on this tag (h2's font-size, code's font-family, b's weight). */
  uaSets(el: Element): Set<string> {
    return this.measure(el).ua;
  }

  private measure(el: Element): { values: Map<string, string>; ua: Set<string> } {
    const key = `${el.namespaceURI}|${el.localName}`;
    let d = this.cache.get(key);
    if (!d) {
      const host = el.namespaceURI === SVG_NS && el.localName !== 'svg' ? this.svgBox : this.box;
      const probe = el.ownerDocument.createElementNS(el.namespaceURI, el.localName);
      host.appendChild(probe);
      const cs = getComputedStyle(probe);
      const hostCs = getComputedStyle(host);
      d = { values: new Map(), ua: new Set() };
      for (let i = 0; i < cs.length; i++) {
        const p = cs[i]!;
        const v = cs.getPropertyValue(p);
        d.values.set(p, v);
        if (INHERITED.has(p) && v !== hostCs.getPropertyValue(p)) d.ua.add(p);
      }
      probe.remove();
      this.cache.set(key, d);
    }
    return d;
  }

  /**
   * The height `el` (a styled clone, inline styles only) takes at its set
   * width when laid out as the file will lay it out: in this default box.
   */
  heightOf(el: HTMLElement, width: number): number {
    this.box.style.width = `${width}px`;
    this.box.appendChild(el);
    const h = el.getBoundingClientRect().height;
    el.remove();
    return Math.ceil(h);
  }

  dispose(): void {
    this.host.remove();
  }
}

/**
 * Write into `to` (a clone of `from`) the computed style of `from`: an
 * inherited property where it differs from the parent's (the root: from the
 * defaults), any other where it differs from the tag's default.
 */
function inlineStyle(from: Element, to: Element, defaults: Defaults, parent: CSSStyleDeclaration | null): CSSStyleDeclaration {
  const cs = getComputedStyle(from);
  const base = defaults.of(from);
  const ua = defaults.uaSets(from);
  const root = parent === null;
  const decls: string[] = [];
  for (let i = 0; i < cs.length; i++) {
    const p = cs[i]!;
    if (p.startsWith('--') || SKIP.test(p)) continue;
    const v = cs.getPropertyValue(p);
    if (ua.has(p)) {
      // The file's browser applies its own stylesheet to this tag again: say the value whatever it is.
    } else if (!root && INHERITED.has(p)) {
      if (v === parent.getPropertyValue(p)) continue;
    } else if (v === base.get(p)) continue;
    if (CURRENT_COLOR.test(p) && v === cs.color) continue;
    if ((p === 'transform-origin' && cs.transform === 'none') || (p === 'perspective-origin' && cs.perspective === 'none')) continue;
    decls.push(`${p}:${v}`);
  }
  // The exported root sits at the image's origin, whatever positioned it on the page, and takes the height its content needs.
  if (root) decls.push('margin:0', 'position:static', 'transform:none', 'height:auto', 'max-height:none');
  if (decls.length) to.setAttribute('style', decls.join(';'));
  else to.removeAttribute('style');
  return cs;
}

/** Walk `from` and its clone `to` together, inlining styles and freezing what a static file cannot keep. */
function freeze(from: Element, to: Element, defaults: Defaults, parent: CSSStyleDeclaration | null): void {
  const cs = inlineStyle(from, to, defaults, parent);
  // Live state the markup does not carry.
  if (from instanceof HTMLInputElement) {
    if (from.type === 'checkbox' || from.type === 'radio') to.toggleAttribute('checked', from.checked);
    else to.setAttribute('value', from.value);
  } else if (from instanceof HTMLSelectElement) {
    Array.from((to as HTMLSelectElement).options).forEach((o, i) => o.toggleAttribute('selected', from.options[i]?.selected === true));
  } else if (from instanceof HTMLCanvasElement) {
    try {
      const img = to.ownerDocument.createElement('img');
      img.setAttribute('src', from.toDataURL('image/png'));
      img.setAttribute('style', to.getAttribute('style') ?? '');
      to.replaceWith(img);
      return;
    } catch {
      // A tainted canvas stays blank.
    }
  }
  // The file has no stylesheet: classes mean nothing there, and ids could clash with the host document's.
  to.removeAttribute('id');
  to.removeAttribute('class');
  const a = from.children;
  const b = to.children;
  for (let i = 0; i < a.length && i < b.length; i++) freeze(a[i]!, b[i]!, defaults, cs);
}

/** The SVG a view is drawn as, when the view is mostly that one SVG (covers at least half of `el`); else null. */
export function mainSvgOf(el: Element): SVGSVGElement | null {
  const box = el.getBoundingClientRect();
  const area = box.width * box.height;
  for (const svg of Array.from(el.querySelectorAll('svg'))) {
    const r = svg.getBoundingClientRect();
    if (area > 0 && r.width * r.height >= area / 2) return svg;
  }
  return null;
}

/** `el` (an SVG view, or any HTML element) as a standalone SVG document. */
export function snapshotSvg(el: Element): SvgSnapshot {
  const doc = el.ownerDocument;
  const defaults = new Defaults(doc);
  try {
    const svg = el instanceof SVGSVGElement ? el : mainSvgOf(el);
    if (svg) {
      const r = svg.getBoundingClientRect();
      const width = Math.ceil(r.width);
      const height = Math.ceil(r.height);
      const clone = svg.cloneNode(true) as SVGSVGElement;
      freeze(svg, clone, defaults, null);
      clone.setAttribute('xmlns', SVG_NS);
      clone.setAttribute('width', String(width));
      clone.setAttribute('height', String(height));
      if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
      // A transparent SVG inherits the page's background on screen; the file gets it explicitly.
      const bg = pageBackground(svg);
      const rect = doc.createElementNS(SVG_NS, 'rect');
      for (const [k, v] of Object.entries({ x: '0', y: '0', width: '100%', height: '100%', fill: bg })) rect.setAttribute(k, v);
      clone.insertBefore(rect, clone.firstChild);
      return { svg: xmlHeader(new XMLSerializer().serializeToString(clone)), width, height };
    }
    const width = Math.ceil(el.getBoundingClientRect().width);
    const clone = el.cloneNode(true) as Element;
    freeze(el, clone, defaults, null);
    const wrap = doc.createElementNS(XHTML_NS, 'div') as HTMLDivElement;
    wrap.setAttribute('style', `width:${width}px;background:${pageBackground(el)};display:flow-root`);
    wrap.appendChild(clone);
    const height = Math.max(1, defaults.heightOf(wrap, width));
    wrap.style.height = `${height}px`;
    const body = new XMLSerializer().serializeToString(wrap);
    const lang = el.closest('[lang]')?.getAttribute('lang');
    const svgText =
      `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${lang ? ` xml:lang="${lang}"` : ''}>` +
      `<foreignObject x="0" y="0" width="${width}" height="${height}">${body}</foreignObject></svg>`;
    return { svg: xmlHeader(svgText), width, height };
  } finally {
    defaults.dispose();
  }
}

function xmlHeader(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/** The first opaque background behind `el` (the panel's, else the page's). */
function pageBackground(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
  }
  return '#ffffff';
}

/** Rasterise an SVG snapshot to PNG at `scale` device pixels per CSS pixel. */
export async function svgToPng(snap: SvgSnapshot, scale = 2): Promise<Blob> {
  const img = new Image();
  img.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the browser could not draw the SVG'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(snap.svg)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(snap.width * scale));
  canvas.height = Math.max(1, Math.round(snap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, snap.width, snap.height);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas made no PNG'))), 'image/png'));
}

/** Save `blob` as a file named `name` (the browser's download). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own copy once started; give it a moment before freeing the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
