/**
 * Player commands as registered data (after excalidraw's actions): one list
 * drives the buttons, their labels and enabled state, and the keyboard.
 * `perform` returns the event to send; it does not send it itself.
 */
import type { UiKey } from '../i18n/ui-text';
import type { IconName } from './icons';
import type { PlayerEvent } from './playerMachine';

/** What a command can see of the player. */
export interface PlayerView {
  step: number;
  total: number;
  /** The first and last step the player may show (0 and total unless an embed names a range). */
  first: number;
  last: number;
  playing: boolean;
  atEnd: boolean;
  ready: boolean;
}

/** One player command. */
export interface PlayerCommand {
  name: 'restart' | 'step back' | 'toggle play' | 'step forward' | 'to end';
  labelKey: (v: PlayerView) => UiKey;
  /** The icon of its button. */
  icon: (v: PlayerView) => IconName;
  /** Which key runs it (keys.ts decides when a focused control keeps the key instead). */
  keyTest: (e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>) => boolean;
  /** Whether it can run now (the button is disabled otherwise). */
  predicate: (v: PlayerView) => boolean;
  perform: (v: PlayerView) => PlayerEvent;
  testId: string;
}

const plain = (key: string) => (e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>) =>
  e.key === key && !e.altKey && !e.ctrlKey && !e.metaKey;

const commands: PlayerCommand[] = [];

/** Add a command to the list (order = button order). */
export function register(command: PlayerCommand): PlayerCommand {
  commands.push(command);
  return command;
}

register({
  name: 'restart',
  labelKey: () => 'restart',
  icon: () => 'restart',
  keyTest: plain('Home'),
  predicate: (v) => v.ready && v.step > v.first,
  perform: () => ({ type: 'RESTART' }),
  testId: 'player-restart',
});

register({
  name: 'step back',
  labelKey: () => 'stepBack',
  icon: () => 'back',
  keyTest: plain('ArrowLeft'),
  predicate: (v) => v.ready && v.step > v.first,
  perform: () => ({ type: 'STEP_BACK' }),
  testId: 'player-back',
});

register({
  name: 'toggle play',
  labelKey: (v) => (v.playing ? 'pause' : 'play'),
  icon: (v) => (v.playing ? 'pause' : 'play'),
  keyTest: (e) => plain(' ')(e) && !e.shiftKey,
  predicate: (v) => v.ready && v.total > 0,
  perform: () => ({ type: 'TOGGLE' }),
  testId: 'player-toggle',
});

register({
  name: 'step forward',
  labelKey: () => 'stepForward',
  icon: () => 'forward',
  keyTest: plain('ArrowRight'),
  predicate: (v) => v.ready && v.step < v.last,
  perform: () => ({ type: 'STEP_FORWARD' }),
  testId: 'player-forward',
});

register({
  name: 'to end',
  labelKey: () => 'toEnd',
  icon: () => 'end',
  keyTest: plain('End'),
  predicate: (v) => v.ready && v.step < v.last,
  perform: () => ({ type: 'END' }),
  testId: 'player-end',
});

/** Every command, in button order. */
export const PLAYER_COMMANDS: readonly PlayerCommand[] = commands;

/** The command a key press runs, if any. */
export function commandForKey(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): PlayerCommand | undefined {
  return PLAYER_COMMANDS.find((c) => c.keyTest(e));
}
