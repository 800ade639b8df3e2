import { defaults } from '@/engine/scenarios/options';
import { describe, expect, it } from 'vitest';
import { descriptorFlowOptions } from '@/engine/scenarios/descriptor-flow';
import { urlProblemText } from './url-problem-text';
import { buildQuery, parseUrl, shown } from './url-state';

const table = descriptorFlowOptions;

describe('parseUrl', () => {
  it('takes valid options, step and language', () => {
    const r = parseUrl(table, new URLSearchParams('dir=rx&eventIdx=false&step=12&lang=zh'));
    expect(r).toEqual({ options: { dir: 'rx', eventIdx: 'false' }, step: 12, lang: 'zh', problems: [] });
  });

  it('drops each bad parameter with a one-line reason in either language and keeps the good ones', () => {
    const r = parseUrl(table, { qsize: '7', bogus: 'x', step: '-3', lang: 'fr', packets: '2' });
    expect(r.options).toEqual({ packets: '2' });
    expect(r.step).toBe(0);
    expect(r.lang).toBeNull();
    expect(r.problems.map((p) => urlProblemText(p, 'en'))).toEqual([
      'qsize=7: 7 is not a power of two',
      'bogus: unknown option',
      'step=-3: expected a whole number ≥ 0',
      'lang=fr: expected en, zh or both',
    ]);
    expect(r.problems.map((p) => urlProblemText(p, 'zh'))).toEqual([
      'qsize=7：7 不是 2 的幂',
      'bogus：没有这个参数',
      'step=-3：需要一个 ≥ 0 的整数',
      'lang=fr：只能是 en、zh 或 both',
    ]);
  });

  it('never echoes a long or hostile value in full', () => {
    const evil = `<script>${'A'.repeat(5000)}</script>\u0000\u001b[31m`;
    const r = parseUrl(table, { dir: evil, [evil]: '1', step: '1e9' });
    expect(r.options).toEqual({});
    for (const lang of ['en', 'zh'] as const) {
      const lines = r.problems.map((p) => urlProblemText(p, lang));
      for (const line of lines) expect(line.length).toBeLessThan(120);
      expect(lines.join(' ')).not.toMatch(/[\u0000-\u001f]/);
      expect(lines.join(' ')).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAA');
    }
  });

  it('counts the first of repeated parameters', () => {
    const r = parseUrl(table, new URLSearchParams('step=3&step=4'));
    expect(r.step).toBe(3);
    expect(r.problems).toHaveLength(1);
  });

  it('handles Next searchParams arrays', () => {
    expect(parseUrl(table, { step: ['5', '6'] }).step).toBe(5);
  });
});

describe('buildQuery', () => {
  it('writes only non-default options, then step and lang', () => {
    const values = { ...defaults(table), dir: 'rx', qsize: 32, eventIdx: false };
    expect(buildQuery(table, values, 12, 'zh')).toBe('?dir=rx&eventIdx=false&step=12&lang=zh');
    expect(buildQuery(table, { ...values, dir: 'tx', eventIdx: true }, 0, null)).toBe('');
  });

  it('round-trips through parseUrl', () => {
    const q = buildQuery(table, { ...defaults(table), dir: 'rx', qsize: 64, indirect: true, batch: 2, seed: 7 }, 30, 'both');
    const r = parseUrl(table, new URLSearchParams(q));
    expect(r.problems).toEqual([]);
    expect(r.options).toEqual({ dir: 'rx', qsize: '64', indirect: 'true', batch: '2', seed: '7' });
    expect(r.step).toBe(30);
    expect(r.lang).toBe('both');
  });
});

describe('shown', () => {
  it('shortens to 24 characters', () => {
    expect(shown('x'.repeat(100))).toHaveLength(24);
  });
});
