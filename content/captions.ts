/**
 * One caption per beat, in English and Chinese, keyed by every event type in
 * the engine's catalog; each walkthrough's beats live in their own files and
 * this table joins them. `satisfies` makes a type without a caption a compile
 * error, whichever scenario emits it.
 */
import type { CaptionTable } from './caption-types';
import { GUEST_CAPTIONS } from './descriptor-flow/captions-guest';
import { HOST_CAPTIONS } from './descriptor-flow/captions-host';
import { SCENARIO_CAPTIONS } from './pci/captions-scenario';
import { DEVICE_CAPTIONS } from './pci/captions-device';
import { GUEST_PCI_CAPTIONS } from './pci/captions-guest';
import { ROUTING_CAPTIONS } from './pci/captions-routing';
import { VCPU_EXIT_CAPTIONS } from './qemu/captions-vcpu-exit';
import { VHOST_USER_CAPTIONS } from './vhost-user/captions';

export type { CaptionCtx, CaptionTable } from './caption-types';

export const CAPTIONS = {
  ...GUEST_CAPTIONS,
  ...HOST_CAPTIONS,
  ...VCPU_EXIT_CAPTIONS,
  ...DEVICE_CAPTIONS,
  ...GUEST_PCI_CAPTIONS,
  ...ROUTING_CAPTIONS,
  ...SCENARIO_CAPTIONS,
  ...VHOST_USER_CAPTIONS,
} satisfies CaptionTable;
