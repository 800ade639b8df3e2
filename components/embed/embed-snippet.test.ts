import { describe, expect, it } from 'vitest';
import { EMBED_CONTEXT } from './embed-context';
import { parseEmbedParams } from './embed-params';
import { embedSnippet } from './embed-snippet';

describe('embedSnippet', () => {
  it('writes an iframe whose src the embed route accepts as chosen', () => {
    const html = embedSnippet('https://virtio.example', { scenario: 'msix-vectors', view: 'msix', step: 14, lang: 'zh', controls: false, theme: 'dark' }, 'MSI-X "table" <a>');
    expect(html).toBe(
      '<iframe src="https://virtio.example/embed?v=1&#38;scenario=msix-vectors&#38;view=msix&#38;step=14&#38;lang=zh&#38;controls=0&#38;theme=dark" title="MSI-X &#34;table&#34; &#60;a&#62;" width="100%" height="480" style="border:0" loading="lazy"></iframe>',
    );
    const src = /src="([^"]+)"/.exec(html)![1]!.replace(/&#38;/g, '&');
    const r = parseEmbedParams(new URL(src).searchParams, EMBED_CONTEXT);
    expect(r).toMatchObject({ ok: true, params: { scenario: 'msix-vectors', view: 'msix', step: 14, lang: 'zh', controls: false, theme: 'dark' } });
  });
});
