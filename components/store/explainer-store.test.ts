import { afterEach, describe, expect, it } from 'vitest';
import { descriptorFlowOptions } from '@/engine/scenarios/descriptor-flow';
import { noticeText } from '../notices/notice-text';
import { createExplainerStore, type ExplainerInit } from './explainer-store';

const init: ExplainerInit = { scenario: 'descriptor-flow', table: descriptorFlowOptions, options: {}, step: 0, lang: null, problems: [] };

// Each test makes its own store (there is no global one); this list only lets afterEach check that.
const made: Array<ReturnType<typeof createExplainerStore>> = [];
const make = (over: Partial<ExplainerInit> = {}) => {
  const s = createExplainerStore({ ...init, ...over });
  made.push(s);
  return s;
};
afterEach(() => {
  made.length = 0;
});

describe('createExplainerStore', () => {
  it('gives every page its own store', () => {
    const a = make();
    const b = make();
    a.getState().chooseSpeed(8);
    expect(b.getState().speed).toBe(2);
  });

  it('starts from the URL: language, step and one notice for its problems', () => {
    const s = make({ lang: 'zh', step: 7, options: { dir: 'rx' }, problems: [
        { code: 'bad-option', key: 'qsize', value: '7', problem: { code: 'pow2', option: 'qsize', value: 7 } },
        { code: 'unknown-param', key: 'bogus' },
      ],
    });
    expect(s.getState().lang).toBe('zh');
    expect(s.getState().langFromUrl).toBe(true);
    expect(s.getState().request).toEqual({ options: { dir: 'rx' }, step: 7, nonce: 0 });
    expect(s.getState().notices).toHaveLength(1);
    const notice = s.getState().notices[0]!;
    expect(noticeText(notice, 'en')).toBe('Ignored URL parameters (using defaults): qsize=7: 7 is not a power of two; bogus: unknown option');
    expect(noticeText(notice, 'zh')).toContain('qsize=7：7 不是 2 的幂；bogus：没有这个参数');
  });

  it('makes each load request distinct, even with the same options', () => {
    const s = make();
    s.getState().requestLoad({}, 0);
    const first = s.getState().request;
    s.getState().requestLoad({}, 0);
    expect(s.getState().request).not.toBe(first);
    expect(s.getState().status).toBe('loading');
  });

  it('counts refused loads and keeps the previous run ready', () => {
    const s = make();
    s.getState().runFailed();
    expect(s.getState().status).toBe('failed');
    expect(s.getState().refusedLoads).toBe(1);
  });

  it('keeps at most three notices and dismisses by id', () => {
    const s = make();
    for (let i = 0; i < 5; i++) s.getState().report('engineError', `e${i}`);
    const lines = () => s.getState().notices.map((n) => noticeText(n, 'en'));
    expect(lines()).toEqual(['The engine refused this: e2', 'The engine refused this: e3', 'The engine refused this: e4']);
    s.getState().dismiss(s.getState().notices[0]!.id);
    expect(lines()).toEqual(['The engine refused this: e3', 'The engine refused this: e4']);
  });

  it('ignores speeds it does not offer, and survives without localStorage', () => {
    const s = make();
    s.getState().chooseSpeed(3);
    expect(s.getState().speed).toBe(2);
    s.getState().chooseLang('en'); // no window here: the write fails quietly
    s.getState().restorePrefs();
    expect(s.getState().lang).toBe('en');
  });
});
