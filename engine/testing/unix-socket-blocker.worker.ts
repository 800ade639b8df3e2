// Test helper run in a worker_thread: sleep on a socket's readiness slot until the main thread sends, then report the queued bytes it sees in the shared arena.
import { parentPort, workerData } from 'node:worker_threads';
import { Arena, ArenaLayout } from '../mem/arena';
import { UnixSockets } from '../os/unix-socket';

const { buffer, layoutStart, sock } = workerData as { buffer: SharedArrayBuffer; layoutStart: number; sock: number };
const arena = new Arena(buffer);
// The same layout as the main thread's, so the pool indices name the same sockets.
const net = new UnixSockets(arena, new ArenaLayout(layoutStart, buffer.byteLength));
const slot = net.seqSlot(sock);
const seen = arena.aLoad(slot);
parentPort!.postMessage({ ready: true });
const r = Atomics.wait(arena.i32, slot, seen, 10_000);
parentPort!.postMessage({ woke: r, queued: new TextDecoder().decode(net.describe(sock).queued) });
