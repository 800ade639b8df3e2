import { describe, expect, it } from 'vitest';
import { envelope, eventTarget, originAllowed, parseCommand } from './embed-messages';

const msg = (m: Record<string, unknown>) => ({ source: 'virtio-explainer', v: 1, ...m });

describe('parseCommand', () => {
  it('reads every command', () => {
    expect(parseCommand(msg({ type: 'step', by: 1 }))).toEqual({ ok: true, command: { type: 'step', by: 1 } });
    expect(parseCommand(msg({ type: 'step', by: -1 }))).toEqual({ ok: true, command: { type: 'step', by: -1 } });
    expect(parseCommand(msg({ type: 'seek', step: 12 }))).toEqual({ ok: true, command: { type: 'seek', step: 12 } });
    expect(parseCommand(msg({ type: 'play' }))).toEqual({ ok: true, command: { type: 'play' } });
    expect(parseCommand(msg({ type: 'pause' }))).toEqual({ ok: true, command: { type: 'pause' } });
    expect(parseCommand(msg({ type: 'setLanguage', lang: 'zh' }))).toEqual({ ok: true, command: { type: 'setLanguage', lang: 'zh' } });
  });

  it('refuses anything malformed as a whole', () => {
    const bad: unknown[] = [
      null,
      'step',
      [1],
      { type: 'play' },
      msg({ v: 2, type: 'play' }),
      { ...msg({ type: 'play' }), source: 'other' },
      msg({ type: 'explode' }),
      msg({ type: 'step', by: 2 }),
      msg({ type: 'step' }),
      msg({ type: 'seek', step: -1 }),
      msg({ type: 'seek', step: 1.5 }),
      msg({ type: 'seek', step: '3' }),
      msg({ type: 'seek', step: 3, lang: 'zh' }), // a valid seek with a stray field is not half-applied
      msg({ type: 'setLanguage', lang: 'fr' }),
      msg({ type: '__proto__' }),
      msg({ type: 'toString' }),
    ];
    for (const b of bad) expect(parseCommand(b).ok, JSON.stringify(b)).toBe(false);
    expect(parseCommand(msg({ type: 'seek', step: 3, lang: 'zh' }))).toEqual({ ok: false, reason: 'seek: unexpected field lang' });
  });
});

describe('origins', () => {
  it('lets only the allowed origins drive the embed', () => {
    expect(originAllowed('https://evil.example', '*', null)).toBe(true);
    expect(originAllowed('https://a.example', ['https://a.example'], null)).toBe(true);
    expect(originAllowed('https://evil.example', ['https://a.example'], 'https://evil.example')).toBe(false);
    // No rule: the embedding page only.
    expect(originAllowed('https://docs.example', null, 'https://docs.example')).toBe(true);
    expect(originAllowed('https://evil.example', null, 'https://docs.example')).toBe(false);
    expect(originAllowed('https://docs.example', null, null)).toBe(false);
  });

  it('posts events only where they may go', () => {
    expect(eventTarget('*', null)).toBe('*');
    expect(eventTarget(null, 'https://docs.example')).toBe('https://docs.example');
    expect(eventTarget(['https://a.example'], 'https://docs.example')).toBeNull();
    expect(eventTarget(['https://a.example'], 'https://a.example')).toBe('https://a.example');
    expect(eventTarget(null, null)).toBeNull();
  });

  it('wraps events in the envelope', () => {
    expect(envelope({ type: 'height', height: 300 }, 'fig')).toEqual({ source: 'virtio-explainer', v: 1, id: 'fig', type: 'height', height: 300 });
  });
});
