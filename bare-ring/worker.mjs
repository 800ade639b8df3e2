// Why: a Web Worker entry that runs one side of the bare JS ring (message = { sab, cfg, role }); the bench's page and the playground both start it.
import { runDevice, runDriver } from './ring.mjs';

self.onmessage = ({ data: { sab, cfg, role } }) => {
  self.postMessage(role === 'driver' ? runDriver(sab, cfg) : runDevice(sab, cfg));
};
