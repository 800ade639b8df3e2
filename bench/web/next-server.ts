// Why: page costs are measured on the production build: build it when .next is missing, then run `next start` on 127.0.0.1 and stop it afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { log } from '../lib/measure';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NEXT = `${ROOT}node_modules/next/dist/bin/next`;
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

export const hasBuild = () => existsSync(`${ROOT}.next/BUILD_ID`);

/** Runs `next build`; returns an error message or undefined. */
export function buildNext(): string | undefined {
  log('(e) no .next build: running next build');
  const r = spawnSync(process.execPath, [NEXT, 'build'], { cwd: ROOT, env: ENV, stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0 && hasBuild() ? undefined : `next build failed (exit ${r.status})`;
}

const portBusy = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

export interface NextServer {
  url: string;
  stop(): Promise<void>;
}

/** `next start -H 127.0.0.1 -p 3100` (or the next free port up to 3119), ready to answer. */
export async function startNext(): Promise<NextServer> {
  let port = 3100;
  while ((await portBusy(port)) && port < 3119) port++;
  if (await portBusy(port)) throw new Error('ports 3100–3119 are all busy');
  // Own process group, so stopping it also stops any server process next start forks.
  const child: ChildProcess = spawn(process.execPath, [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: ROOT,
    env: ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error('next start did not answer within 60 s');
}
