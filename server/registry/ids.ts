import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A sortable id: `prefix_` + 10 characters of time + 16 random ones
 * (Crockford base32), so ids made later sort later.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let random = "";
  for (const byte of takeRandom(16)) {
    random += ALPHABET[byte % 32];
  }

  return `${prefix}_${time}${random}`;
}

// One call for many ids: randomBytes has a fixed cost per call.
let pool = Buffer.alloc(0);
let offset = 0;

function takeRandom(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + size);
  offset += size;

  return slice;
}
