// RESP2 codec: commands out, replies in however the bytes are split.
import { describe, expect, it } from 'vitest';
import { RespError, RespParser, RespProtocolError, encodeCommand } from './resp';

describe('encodeCommand', () => {
  it('writes an array of bulk strings, counting bytes not characters', () => {
    expect(encodeCommand(['SET', 'k', 'é', 'PX', 10]).toString()).toBe('*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$2\r\nPX\r\n$2\r\n10\r\n');
  });
});

describe('RespParser', () => {
  const wire = '+OK\r\n-ERR wrong\r\n:42\r\n$-1\r\n$5\r\nhe\r\nl\r\n*3\r\n$8\r\npmessage\r\n*0\r\n:1\r\n*-1\r\n';
  const expected = ['OK', new RespError('ERR wrong'), 42, null, 'he\r\nl', ['pmessage', [], 1], null];

  it('reads replies that arrive together', () => {
    expect(new RespParser().push(Buffer.from(wire))).toEqual(expected);
  });

  it('reads the same replies fed one byte at a time', () => {
    const p = new RespParser();
    const out = [...Buffer.from(wire)].flatMap((b) => p.push(Buffer.from([b])));
    expect(out).toEqual(expected);
  });

  it('refuses bytes that are not RESP', () => {
    expect(() => new RespParser().push(Buffer.from('HTTP/1.1 400\r\n'))).toThrow(RespProtocolError);
    expect(() => new RespParser().push(Buffer.from('$abc\r\n'))).toThrow(RespProtocolError);
    expect(() => new RespParser().push(Buffer.from('$1\r\nab\r\n'))).toThrow(RespProtocolError);
  });
});
