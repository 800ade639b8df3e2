// The free-run playground: the same engine on real threads, sampled live. A client page; it needs cross-origin isolation (next.config.ts sends COOP/COEP here).
import type { Metadata } from 'next';
import { Playground } from '@/components/playground/Playground';

export const metadata: Metadata = {
  title: 'Free-run playground · virtio explainer',
  description: 'Run the virtio driver and vhost on real threads over shared memory, and watch throughput, notifications, ring occupancy and CPU share live.',
};

export default function PlaygroundPage() {
  return <Playground />;
}
