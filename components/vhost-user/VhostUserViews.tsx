'use client';
/**
 * The views of a vhost-user walkthrough: the message sequence with the byte
 * inspector under it (they share which message is picked), then DPDK's log
 * beside both sides' stacks, then the back-end's device and QEMU's state.
 * On one column (phones) they stack in that order. The embed shows only the
 * sequence and the inspector.
 */
import layout from '../walkthrough/Walkthrough.module.css';
import { BackendState } from './BackendState';
import { ByteInspector } from './ByteInspector';
import { DpdkLog } from './DpdkLog';
import { MessageSequence } from './MessageSequence';
import { VuSelectionProvider } from './selection';
import { SideStacks } from './SideStacks';

/** The full page's vhost-user views. */
export function VhostUserViews() {
  return (
    <div className={layout.main} data-testid="vu-views">
      <VhostUserEmbedViews />
      <div className={layout.pair}>
        <DpdkLog />
        <SideStacks />
      </div>
      <BackendState />
    </div>
  );
}

/** The embed's vhost-user views, which head the full page's too: the message sequence and the byte inspector, sharing the selected message. */
export function VhostUserEmbedViews() {
  return (
    <VuSelectionProvider>
      <div className={layout.group}>
        <MessageSequence />
        <ByteInspector />
      </div>
    </VuSelectionProvider>
  );
}
