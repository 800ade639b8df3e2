import { afterEach, describe, expect, it } from 'vitest';
import { descriptorFlowOptions } from '@/engine/scenarios/descriptor-flow';
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
    const s = make({
      lang: 'zh',
      step: 7,
      options: { dir: 'rx' },
      problems: [
        { en: 'qsize=7: 7 is not a power of two', zh: 'qsize=7：7 is not a power of two' },
        { en: 'bogus: unknown option', zh: 'bogus：未知参数' },
      ],
    });
    expect(s.getState().lang).toBe('zh');
    expect(s.getState().langFromUrl).toBe(true);
    expect(s.getState().request).toEqual({ options: { dir: 'rx' }, step: 7, nonce: 0 });
    expect(s.getState().notices).toHaveLength(1);
    expect(s.getState().notices[0]!.detail).toEqual({
      en: 'qsize=7: 7 is not a power of two; bogus: unknown option',
      zh: 'qsize=7：7 is not a power of two；bogus：未知参数',
    });
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
    expect(s.getState().notices.map((n) => n.detail)).toEqual(['e2', 'e3', 'e4']);
    s.getState().dismiss(s.getState().notices[0]!.id);
    expect(s.getState().notices.map((n) => n.detail)).toEqual(['e3', 'e4']);
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
