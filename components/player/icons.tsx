/** The player's icons: small inline SVGs (no icon font to load, crisp at any zoom); memoised, as the player re-renders on every step. */
import { memo } from 'react';

/** Icon names. */
export type IconName = 'restart' | 'back' | 'play' | 'pause' | 'forward' | 'end';

const PATHS: Record<IconName, string> = {
  restart: 'M4 3h2v10H4zM13 3v10L6.5 8z',
  back: 'M12 3v10L5 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  forward: 'M4 3v10l7-5zM11 3h2v10h-2z',
  end: 'M3 3v10l6.5-5zM10 3h2v10h-2z',
};

/** One icon, decorative (the button carries the label). */
export const Icon = memo(function Icon({ name }: { name: IconName }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
});
