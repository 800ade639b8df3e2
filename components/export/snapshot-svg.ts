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

/** Properties that only matter on screen, or that would break the file (transitions replay, animations restart). */
const SKIP = /^(transition|animation|cursor|pointer-events|will-change|user-select|-webkit-user-select|caret-color|view-transition-name|interactivity)/;

/** Computed styles of a default element per tag, measured inside an `all: initial` box (what an SVG image renders with). */
class Defaults {
  private readonly cache = new Map<string, Map<string, string>>();
  private readonly box: HTMLDivElement;
  private readonly svgBox: SVGSVGElement;

  constructor(doc: Document) {
    this.box = doc.createElement('div');
    this.box.setAttribute('aria-hidden', 'true');
    this.box.style.cssText = 'all: initial; position: fixed; left: -10000px; top: 0; width: 10px; height: 10px; overflow: hidden; visibility: hidden;';
    this.svgBox = doc.createElementNS(SVG_NS, 'svg');
    this.box.appendChild(this.svgBox);
    doc.body.appendChild(this.box);
  }

  of(el: Element): Map<string, string> {
    const key = `${el.namespaceURI}|${el.localName}`;
    let d = this.cache.get(key);
    if (!d) {
      const probe = el.ownerDocument.createElementNS(el.namespaceURI, el.localName);
      (el.namespaceURI === SVG_NS && el.localName !== 'svg' ? this.svgBox : this.box).appendChild(probe);
      const cs = getComputedStyle(probe);
      d = new Map();
      for (let i = 0; i < cs.length; i++) {
        const p = cs[i]!;
        d.set(p, cs.getPropertyValue(p));
      }
      probe.remove();
      this.cache.set(key, d);
    }
    return d;
  }

  dispose(): void {
    this.box.remove();
  }
}

/**
 * Write into `to` (a clone of `from`) the computed style of `from` where it
 * differs from the defaults, or from its parent's (a value equal to the
 * default but not to the parent's would otherwise be inherited wrongly in
 * the file: a normal-weight span inside bold text).
 */
function inlineStyle(from: Element, to: Element, defaults: Defaults, parent: CSSStyleDeclaration | null): CSSStyleDeclaration {
  const cs = getComputedStyle(from);
  const base = defaults.of(from);
  const root = parent === null;
  const decls: string[] = [];
  for (let i = 0; i < cs.length; i++) {
    const p = cs[i]!;
    if (p.startsWith('--') || SKIP.test(p)) continue;
    const v = cs.getPropertyValue(p);
    if (v === base.get(p) && (root || v === parent.getPropertyValue(p))) continue;
    decls.push(`${p}:${v}`);
  }
  // The exported root sits at the image's origin, whatever positioned it on the page.
  if (root) decls.push('margin:0', 'position:static', 'transform:none');
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
  to.removeAttribute('id');
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
    const r = el.getBoundingClientRect();
    const width = Math.ceil(r.width);
    const height = Math.ceil(r.height);
    const clone = el.cloneNode(true) as Element;
    freeze(el, clone, defaults, null);
    const wrap = doc.createElementNS(XHTML_NS, 'div');
    wrap.setAttribute('style', `width:${width}px;height:${height}px;background:${pageBackground(el)}`);
    wrap.appendChild(clone);
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
