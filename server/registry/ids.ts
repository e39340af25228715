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
  const bytes = randomBytes(16);
  let random = "";
  for (const byte of bytes) {
    random += ALPHABET[byte % 32];
  }

  return `${prefix}_${time}${random}`;
}
