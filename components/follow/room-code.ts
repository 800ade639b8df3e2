/**
 * Room codes: six characters an audience can read off a projector and type on
 * a phone. The alphabet leaves out what is easily misread (0/O, 1/I/L), and
 * input is taken case-insensitively with spaces and dashes ignored.
 */

/** The characters a code is made of (31 of them: 31^6 ≈ 887 million codes). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Characters in a code. */
export const ROOM_CODE_LENGTH = 6;

const CODE_RE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** Whether `x` is a code exactly as issued (upper case, no separators). */
export function isRoomCode(x: unknown): x is string {
  return typeof x === 'string' && CODE_RE.test(x);
}

/** A code as someone typed it ("abc-def ", "ab cd ef") in its issued form, or null when it cannot be one. */
export function normalizeRoomCode(input: string): string | null {
  if (input.length > 32) return null;
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return isRoomCode(code) ? code : null;
}

/**
 * A new code from `random` (fills a byte array: crypto.getRandomValues or
 * node's randomFillSync). Bytes at or above the largest multiple of the
 * alphabet size are drawn again, so every character is equally likely.
 */
export function makeRoomCode(random: (bytes: Uint8Array) => void): string {
  const n = ROOM_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  const buf = new Uint8Array(16);
  while (out.length < ROOM_CODE_LENGTH) {
    random(buf);
    for (const b of buf) if (b < limit && out.length < ROOM_CODE_LENGTH) out += ROOM_CODE_ALPHABET[b % n];
  }
  return out;
}
