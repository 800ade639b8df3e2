/**
 * RESP2, the Redis wire protocol, as much as the relay needs: commands go out
 * as arrays of bulk strings; replies come back as simple strings, errors,
 * integers, bulk strings (or nil) and arrays. The parser takes bytes as they
 * arrive (a reply may be split across reads, or several come in one) and
 * hands out whole replies. See https://redis.io/docs/latest/develop/reference/protocol-spec/
 */

/** A reply. An error reply is a RespError value, not a throw: the caller decides. */
export type RespValue = string | number | null | RespError | RespValue[];

/** An error reply (`-ERR ...`). */
export class RespError {
  constructor(readonly message: string) {}
}

/** A command as RESP bytes: `*<n>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a), 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Thrown for bytes that are not RESP: the connection cannot be trusted after it. */
export class RespProtocolError extends Error {}

const NEED_MORE = Symbol('need more');
/** Bulk strings longer than this are refused (the relay stores kilobytes). */
const MAX_BULK = 8 * 1024 * 1024;

/** An incremental reply parser. */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);

  /** Add bytes; returns every reply now complete, in order. */
  push(chunk: Buffer): RespValue[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: RespValue[] = [];
    for (;;) {
      const r = this.parse(0);
      if (r === NEED_MORE) break;
      out.push(r.value);
      this.buf = this.buf.subarray(r.end);
    }
    return out;
  }

  private line(at: number): { text: string; end: number } | typeof NEED_MORE {
    const i = this.buf.indexOf('\r\n', at);
    if (i < 0) return NEED_MORE;
    return { text: this.buf.toString('utf8', at, i), end: i + 2 };
  }

  private parse(at: number): { value: RespValue; end: number } | typeof NEED_MORE {
    if (at >= this.buf.length) return NEED_MORE;
    const type = String.fromCharCode(this.buf[at]!);
    const l = this.line(at + 1);
    if (l === NEED_MORE) return NEED_MORE;
    switch (type) {
      case '+':
        return { value: l.text, end: l.end };
      case '-':
        return { value: new RespError(l.text), end: l.end };
      case ':':
        return { value: integer(l.text), end: l.end };
      case '$': {
        const n = integer(l.text);
        if (n === -1) return { value: null, end: l.end };
        if (n < 0 || n > MAX_BULK) throw new RespProtocolError(`bad bulk length ${l.text}`);
        if (this.buf.length < l.end + n + 2) return NEED_MORE;
        if (this.buf[l.end + n] !== 13 || this.buf[l.end + n + 1] !== 10) throw new RespProtocolError('bulk string not followed by CRLF');
        return { value: this.buf.toString('utf8', l.end, l.end + n), end: l.end + n + 2 };
      }
      case '*': {
        const n = integer(l.text);
        if (n === -1) return { value: null, end: l.end };
        if (n < 0 || n > 1024 * 1024) throw new RespProtocolError(`bad array length ${l.text}`);
        const items: RespValue[] = [];
        let end = l.end;
        for (let i = 0; i < n; i++) {
          const r = this.parse(end);
          if (r === NEED_MORE) return NEED_MORE;
          items.push(r.value);
          end = r.end;
        }
        return { value: items, end };
      }
      default:
        throw new RespProtocolError(`unknown reply type ${JSON.stringify(type)}`);
    }
  }
}

function integer(text: string): number {
  if (!/^-?\d{1,16}$/.test(text)) throw new RespProtocolError(`bad integer ${JSON.stringify(text.slice(0, 20))}`);
  return Number(text);
}
