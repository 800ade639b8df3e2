import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '@/engine/scenarios/registry';
import { viewsFor } from '../views/view-meta';
import { kindOfScenario } from '../walkthrough/scenario-kind';
import { EMBED_CONTEXT } from './embed-context';
import { buildEmbedQuery, parseEmbedParams, type EmbedParse } from './embed-params';
import { embedErrorText } from './embed-error-text';

const parse = (q: string): EmbedParse => parseEmbedParams(new URLSearchParams(q), EMBED_CONTEXT);
const errorsOf = (q: string) => {
  const r = parse(q);
  if (r.ok) throw new Error(`expected ${q} to be refused`);
  return r.errors;
};
const textsOf = (q: string) => errorsOf(q).map((e) => embedErrorText(e, 'en'));

describe('parseEmbedParams', () => {
  it('reads a minimal URL with every default', () => {
    const r = parse('v=1&scenario=descriptor-flow&view=ring');
    expect(r).toEqual({
      ok: true,
      params: {
        scenario: 'descriptor-flow',
        view: 'ring',
        options: {},
        step: 0,
        range: null,
        lang: null,
        controls: true,
        autoplay: false,
        loop: false,
        theme: 'light',
        height: 'auto',
        origin: null,
        id: null,
      },
    });
  });

  it('reads every parameter', () => {
    const r = parse(
      'v=1&scenario=descriptor-flow&view=memory&o.qsize=64&o.dir=rx&step=3-20&lang=zh&controls=0&autoplay=1&loop=1&theme=dark&height=480&origin=https://a.example,http://127.0.0.1:3001&id=fig-2',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.params).toMatchObject({
      options: { qsize: '64', dir: 'rx' },
      step: 3,
      range: { from: 3, to: 20 },
      lang: 'zh',
      controls: false,
      autoplay: true,
      loop: true,
      theme: 'dark',
      height: 480,
      origin: ['https://a.example', 'http://127.0.0.1:3001'],
      id: 'fig-2',
    });
    expect(parse('v=1&scenario=kick-call&view=msix&origin=*')).toMatchObject({ ok: true, params: { origin: '*' } });
  });

  it('every registered scenario is embeddable in every view that fits its kind, and in no other', () => {
    for (const id of SCENARIO_IDS) {
      const fits = viewsFor(kindOfScenario(id)).map((v) => v.id);
      expect(fits.length).toBeGreaterThan(0);
      for (const view of fits) expect(parse(`v=1&scenario=${id}&view=${view}`).ok, `${id} ${view}`).toBe(true);
    }
    expect(textsOf('v=1&scenario=msix-vectors&view=ring')).toEqual([expect.stringMatching(/^view=ring: scenario msix-vectors has no such diagram \(it has: msix, /)]);
  });

  it('refuses the whole URL on any bad parameter, and says what each is', () => {
    expect(textsOf('scenario=descriptor-flow&view=ring')).toEqual(['missing the version parameter: add v=1']);
    expect(textsOf('v=2&scenario=descriptor-flow&view=ring')).toEqual(['v=2: this site reads v=1 only']);
    expect(textsOf('v=1&view=ring')).toEqual(['missing the parameter scenario']);
    expect(textsOf('v=1&scenario=nope&view=ring')[0]).toMatch(/^scenario=nope: no such scenario \(known: descriptor-flow, /);
    expect(textsOf('v=1&scenario=descriptor-flow&view=nope')[0]).toMatch(/^view=nope: no such view \(known: ring, /);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&step=9-3')).toEqual(['step=9-3: expected a step N or a range A-B (A ≤ B)']);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&step=-1&theme=blue&height=50&controls=yes')).toEqual([
      'step=-1: expected a step N or a range A-B (A ≤ B)',
      'controls=yes: expected 0 or 1',
      'theme=blue: expected light or dark',
      'height=50: expected auto or a height in pixels, 120–4000',
    ]);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&origin=https://a.example/path')[0]).toMatch(/^origin=https:\/\/a.example\/path: expected \* or/);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&origin=javascript:alert(1)')[0]).toMatch(/^origin=/);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&id=a%20b')).toEqual(['id=a b: expected 1–32 letters, digits, _ or -']);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&step=1&step=2')).toEqual(['step: given more than once']);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&qsize=8')).toEqual(['qsize: unknown parameter']);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&o.bogus=1')).toEqual(['o.bogus: unknown parameter']);
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&o.qsize=7')).toEqual(['o.qsize=7: 7 is not a power of two']);
  });

  it('says it in Chinese too, and clips hostile values', () => {
    const [e] = errorsOf('v=1&scenario=descriptor-flow&view=ring&theme=' + 'x'.repeat(200) + '%00');
    expect(embedErrorText(e!, 'zh')).toBe(`theme=${'x'.repeat(23)}…：应为 light 或 dark`);
  });

  it('builds the shortest URL that parses back to the same choice', () => {
    const q = buildEmbedQuery({ scenario: 'descriptor-flow', view: 'ring', step: 12, lang: 'en', options: { qsize: '64' } });
    expect(q).toBe('?v=1&scenario=descriptor-flow&view=ring&o.qsize=64&step=12&lang=en');
    const back = parse(q.slice(1));
    expect(back).toMatchObject({ ok: true, params: { scenario: 'descriptor-flow', view: 'ring', step: 12, lang: 'en', options: { qsize: '64' } } });
    const all = buildEmbedQuery({
      scenario: 'kick-call',
      view: 'msix',
      range: { from: 2, to: 9 },
      controls: false,
      autoplay: true,
      loop: true,
      theme: 'dark',
      height: 300,
      origin: ['https://a.example'],
      id: 'x',
    });
    expect(parse(all.slice(1))).toMatchObject({ ok: true, params: { step: 2, range: { from: 2, to: 9 }, controls: false, autoplay: true, loop: true, theme: 'dark', height: 300, origin: ['https://a.example'], id: 'x' } });
  });
});

describe('options checked together', () => {
  it('refuses a set of options the scenario’s own rules refuse', () => {
    expect(textsOf('v=1&scenario=descriptor-flow&view=ring&o.qsize=8')).toEqual([expect.stringMatching(/^o\.qsize: /)]);
  });
});
