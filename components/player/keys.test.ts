import { describe, expect, it } from 'vitest';
import { playerTakesKey, type FocusInfo, type PlayerKey } from './keys';

const KEYS: readonly PlayerKey[] = ['ArrowLeft', 'ArrowRight', 'Home', 'End', ' '];
const focus = (over: Partial<FocusInfo>): FocusInfo => ({
  tag: 'body',
  type: '',
  editable: false,
  compositeRole: null,
  role: null,
  inPlayer: false,
  isScrubber: false,
  ...over,
});
const taken = (f: FocusInfo) => KEYS.filter((k) => playerTakesKey(f, k));

describe('playerTakesKey', () => {
  it('takes every key when nothing is focused, or a link or a plain element is', () => {
    expect(taken(focus({}))).toEqual(KEYS);
    expect(taken(focus({ tag: 'a' }))).toEqual(KEYS);
    expect(taken(focus({ tag: 'section', inPlayer: true }))).toEqual(KEYS);
  });

  it('leaves text entry alone: text-like inputs, textarea, select, contenteditable', () => {
    for (const type of ['text', 'number', 'search', 'email', 'url', 'tel', 'password', 'date', '']) expect(taken(focus({ tag: 'input', type }))).toEqual([]);
    expect(taken(focus({ tag: 'textarea' }))).toEqual([]);
    expect(taken(focus({ tag: 'select' }))).toEqual([]);
    expect(taken(focus({ tag: 'select', inPlayer: true }))).toEqual([]); // the speed select
    expect(taken(focus({ tag: 'div', editable: true }))).toEqual([]);
  });

  it('leaves sliders and radio groups alone, except the player’s own scrubber', () => {
    expect(taken(focus({ tag: 'input', type: 'range' }))).toEqual([]);
    expect(taken(focus({ tag: 'input', type: 'radio' }))).toEqual([]);
    expect(taken(focus({ tag: 'button', role: 'radio', compositeRole: 'radio' }))).toEqual([]);
    expect(taken(focus({ tag: 'div', role: 'slider', compositeRole: 'slider' }))).toEqual([]);
    expect(taken(focus({ tag: 'input', type: 'range', inPlayer: true, isScrubber: true }))).toEqual(KEYS);
  });

  it('lets Space activate a focused control outside the player, but plays from a button inside it', () => {
    expect(taken(focus({ tag: 'button' }))).toEqual(['ArrowLeft', 'ArrowRight', 'Home', 'End']);
    expect(taken(focus({ tag: 'summary' }))).toEqual(['ArrowLeft', 'ArrowRight', 'Home', 'End']);
    expect(taken(focus({ tag: 'input', type: 'checkbox' }))).toEqual(['ArrowLeft', 'ArrowRight', 'Home', 'End']);
    expect(taken(focus({ tag: 'div', role: 'button' }))).toEqual(['ArrowLeft', 'ArrowRight', 'Home', 'End']);
    expect(taken(focus({ tag: 'button', inPlayer: true }))).toEqual(KEYS);
  });
});
