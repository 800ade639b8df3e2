/** The step on screen: the decoded frame and the arena bytes it came from. */
import type { StateCreator } from 'zustand/vanilla';
import type { FrameView } from '../frame/decode';
import type { ExplainerState } from './explainer-store';

/** The frame slice. */
export interface FrameSlice {
  frame: FrameView | null;
  /**
   * The arena the frame was decoded from: this step's copy, or a live view of
   * the shared arena (which may already hold a later step). Views render from
   * `frame`, never from these bytes.
   */
  bytes: Uint8Array | null;
  showFrame(frame: FrameView, bytes: Uint8Array): void;
}

/** Build the frame slice. */
export const createFrameSlice: StateCreator<ExplainerState, [], [], FrameSlice> = (set) => ({
  frame: null,
  bytes: null,
  showFrame: (frame, bytes) => set({ frame, bytes }),
});
