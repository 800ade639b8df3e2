/**
 * A small Redis client over node:net speaking RESP2 (resp.ts): commands are
 * pipelined and answered in order; a connection switched to (P)SUBSCRIBE
 * hands its pushes to `onPush`. No npm dependency: the relay needs GET, SET,
 * DEL, PUBLISH and PSUBSCRIBE, which is a few dozen lines of protocol.
 */
import { connect, type Socket } from 'node:net';
import { RespError, RespParser, encodeCommand, type RespValue } from './resp';

/** Where a Redis server is, from a redis:// URL. */
export interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/** Parse `redis://[user[:password]@]host[:port][/db]`; throws on anything else (a configuration error). */
export function parseRedisUrl(url: string): RedisAddress {
  const u = new URL(url);
  if (u.protocol !== 'redis:') throw new Error(`REDIS_URL must start with redis:// (got ${u.protocol}); TLS (rediss://) is not supported by the relay's client`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) throw new Error(`REDIS_URL database ${u.pathname.slice(1)} is not a number`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined ? { db } : {}),
  };
}

interface Pending {
  resolve(v: RespValue): void;
  reject(e: Error): void;
}

/** One connection. */
export class RedisConnection {
  private socket: Socket | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending: Pending[] = [];
  private parser = new RespParser();
  /** Pushes on a subscribed connection (`pmessage`, `message`, and (un)subscribe confirmations). */
  onPush: ((v: RespValue[]) => void) | null = null;
  /** Called when the connection drops (after pending commands were failed). */
  onClose: (() => void) | null = null;
  private subscribed = false;
  private readonly confirmations: Array<{ pattern: string; resolve(): void; reject(e: Error): void }> = [];

  constructor(private readonly addr: RedisAddress) {}

  /** Connect (once; later calls wait for the same connection) and authenticate. */
  open(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const s = connect({ host: this.addr.host, port: this.addr.port });
      s.setNoDelay(true);
      this.socket = s;
      s.once('connect', () => resolve());
      s.once('error', (e) => reject(e));
      s.on('data', (chunk: Buffer) => this.receive(chunk));
      s.on('close', () => this.dropped(new Error('redis connection closed')));
      s.on('error', () => {}); // 'close' follows and fails what is pending
    }).then(async () => {
      const a = this.addr;
      if (a.password) check(await this.send(a.username ? ['AUTH', a.username, a.password] : ['AUTH', a.password]));
      if (a.db) check(await this.send(['SELECT', a.db]));
    });
    // A failed connect may be tried again later.
    this.ready.catch(() => (this.ready = null));
    return this.ready;
  }

  /** Run one command; resolves with its reply (an error reply rejects). */
  async command(...args: (string | number)[]): Promise<RespValue> {
    await this.open();
    return check(await this.send(args));
  }

  /** Switch to subscriber mode on `pattern`; resolves once the server confirmed it (messages then arrive through onPush). */
  async psubscribe(pattern: string): Promise<void> {
    await this.open();
    await new Promise<void>((resolve, reject) => {
      if (!this.socket || this.socket.destroyed) return reject(new Error('redis connection is not open'));
      this.subscribed = true;
      this.confirmations.push({ pattern, resolve, reject });
      this.socket.write(encodeCommand(['PSUBSCRIBE', pattern]));
    });
  }

  /** Close the connection. */
  close(): void {
    this.socket?.destroy();
  }

  private send(args: (string | number)[]): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.destroyed) return reject(new Error('redis connection is not open'));
      this.pending.push({ resolve, reject });
      this.socket.write(encodeCommand(args));
    });
  }

  private receive(chunk: Buffer): void {
    let replies: RespValue[];
    try {
      replies = this.parser.push(chunk);
    } catch (e) {
      this.socket?.destroy(e as Error);
      return;
    }
    for (const r of replies) {
      if (this.subscribed && Array.isArray(r)) {
        if (r[0] === 'psubscribe') this.confirmed(String(r[1]));
        else this.onPush?.(r);
      } else this.pending.shift()?.resolve(r);
    }
  }

  private confirmed(pattern: string): void {
    const i = this.confirmations.findIndex((c) => c.pattern === pattern);
    if (i >= 0) this.confirmations.splice(i, 1)[0]!.resolve();
  }

  private dropped(err: Error): void {
    for (const p of this.pending.splice(0)) p.reject(err);
    for (const c of this.confirmations.splice(0)) c.reject(err);
    this.parser = new RespParser();
    this.socket = null;
    this.ready = null;
    this.subscribed = false;
    this.onClose?.();
  }
}

function check(v: RespValue): RespValue {
  if (v instanceof RespError) throw new Error(`redis: ${v.message}`);
  return v;
}
