/**
 * Who gets a key press when the player listens on the whole document: the
 * player's commands, or the focused element's own behaviour. The rule is
 * data over a small description of the focused element (`FocusInfo`), so it
 * is tested without a DOM; `describeFocus` reads that description from one.
 *
 * - Text entry (text-like inputs, textarea, select, contenteditable) keeps
 *   every key: typing "1" then ← in a number field must not move the player.
 * - Widgets that move with arrows (radio groups, tabs, menus, listboxes,
 *   sliders other than the player's scrubber…) keep every key.
 * - The scrubber uses the player's commands (no native ±1 nudge): ← → step,
 *   Home End jump, Space plays, just as anywhere else in the bar.
 * - Space activates a focused button, checkbox, summary or switch outside
 *   the player, as it always does; inside the player it plays and pauses.
 * - Everything else (the page itself, a link, a table, the player region)
 *   gives the keys to the player.
 */

/** What matters about the focused element. */
export interface FocusInfo {
  /** Lower-case tag name ('body' when nothing is focused). */
  tag: string;
  /** An input's type attribute, lower-case ('' for other elements). */
  type: string;
  /** The element is contenteditable (or inside an editable host). */
  editable: boolean;
  /** The nearest role (on the element or an ancestor) that owns arrow keys, or null. */
  compositeRole: string | null;
  /** The element's own role attribute, or null. */
  role: string | null;
  /** The element sits inside the player bar. */
  inPlayer: boolean;
  /** The element is the player's scrubber. */
  isScrubber: boolean;
}

/** The keys the player takes (as KeyboardEvent.key). */
export type PlayerKey = 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | ' ';

/** Input types that do not take text, so only their own activation keys are theirs. */
const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio', 'range', 'color', 'file']);

/** Roles whose widgets move with arrow keys (WAI-ARIA composite widgets and text boxes). */
export const ARROW_ROLES: readonly string[] = [
  'radio',
  'radiogroup',
  'tab',
  'tablist',
  'menu',
  'menubar',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'listbox',
  'option',
  'grid',
  'treegrid',
  'tree',
  'treeitem',
  'slider',
  'spinbutton',
  'combobox',
  'textbox',
  'searchbox',
];

/** Roles (besides native buttons) that Space activates. */
const SPACE_ROLES = new Set(['button', 'checkbox', 'switch']);

/** Whether a key pressed with focus on `f` is the player's (true) or the focused element's own (false). */
export function playerTakesKey(f: FocusInfo, key: PlayerKey): boolean {
  if (f.isScrubber) return true;
  if (f.editable || f.tag === 'textarea' || f.tag === 'select') return false;
  if (f.tag === 'input') {
    if (!NON_TEXT_INPUTS.has(f.type)) return false; // text, number, search, email, date, …
    if (f.type === 'range' || f.type === 'radio') return false; // they move with arrows and Home/End
  }
  if (f.compositeRole !== null) return false;
  if (key !== ' ') return true;
  // Space: the player's inside the bar; the focused control's own activation outside it.
  if (f.inPlayer) return true;
  const activates =
    f.tag === 'button' || f.tag === 'summary' || (f.tag === 'input' && NON_TEXT_INPUTS.has(f.type)) || (f.role !== null && SPACE_ROLES.has(f.role));
  return !activates;
}

/** Describe a focused element (or document.body) for playerTakesKey. */
export function describeFocus(el: Element, player: Element | null, scrubber: Element | null): FocusInfo {
  const html = el as HTMLElement;
  return {
    tag: el.tagName.toLowerCase(),
    type: el instanceof HTMLInputElement ? el.type.toLowerCase() : '',
    editable: html.isContentEditable === true,
    compositeRole: el.closest(ARROW_ROLES.map((r) => `[role="${r}"]`).join(','))?.getAttribute('role') ?? null,
    role: el.getAttribute('role'),
    inPlayer: player !== null && player.contains(el),
    isScrubber: scrubber !== null && el === scrubber,
  };
}
