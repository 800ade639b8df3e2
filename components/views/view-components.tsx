'use client';
/**
 * The component that draws each registered view (view-meta.ts). The record is
 * typed by the registry's ids, so a view added there without a component here
 * is a compile error, and then it is embeddable as it stands.
 */
import type { ComponentType } from 'react';
import { Backtrace } from '../backtrace/Backtrace';
import { Counters } from '../counters/Counters';
import { EventfdPanel } from '../fds/EventfdPanel';
import { MemoryMap } from '../memory/MemoryMap';
import { ConfigSpace } from '../pci/ConfigSpace';
import { IrqRoute } from '../pci/IrqRoute';
import { MsixTable } from '../pci/MsixTable';
import { ProcInterrupts } from '../pci/ProcInterrupts';
import { ProsePanel } from '../prose/ProsePanel';
import { RingView } from '../ring/RingView';
import { ThreadsPanel } from '../threads/ThreadsPanel';
import { TopologyView } from '../topology/TopologyView';
import { BackendState } from '../vhost-user/BackendState';
import { DpdkLog } from '../vhost-user/DpdkLog';
import { SideStacks } from '../vhost-user/SideStacks';
import { VhostUserEmbedViews } from '../vhost-user/VhostUserViews';
import type { ViewId } from './view-meta';

/** The MSI-X table and where each vector's interrupt goes, together. */
function MsixRouting() {
  return (
    <>
      <MsixTable />
      <IrqRoute />
    </>
  );
}

function Overview() {
  return <TopologyView />;
}

/** Every view's component, by id. */
export const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  ring: RingView,
  msix: MsixRouting,
  memory: MemoryMap,
  overview: Overview,
  prose: ProsePanel,
  backtrace: Backtrace,
  threads: ThreadsPanel,
  fds: EventfdPanel,
  counters: Counters,
  interrupts: ProcInterrupts,
  config: ConfigSpace,
  sequence: VhostUserEmbedViews,
  'dpdk-log': DpdkLog,
  stacks: SideStacks,
  device: BackendState,
};
