/**
 * One caption per beat of the descriptor-flow walkthrough, in English and
 * Chinese, keyed by every event type in the engine's catalog: the guest's
 * beats (captions-guest.ts) and the host's (captions-host.ts). `satisfies`
 * makes a type without a caption a compile error.
 */
import { GUEST_CAPTIONS } from './captions-guest';
import { HOST_CAPTIONS } from './captions-host';
import type { CaptionTable } from './caption-types';

export type { CaptionCtx, CaptionTable } from './caption-types';

export const CAPTIONS = { ...GUEST_CAPTIONS, ...HOST_CAPTIONS } satisfies CaptionTable;
