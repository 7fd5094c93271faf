/**
 * Random ids for runs, owners and protocol nonces, read from the kernel's CSPRNG with plain fs calls.
 * `node:crypto` costs a few milliseconds to load, a tenth of what `flowforge run -- true` may add to a
 * bare Node start; the run path does not need anything else from it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Returns `size` cryptographically random bytes. */
export function readRandomBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      let filled = 0;
      while (filled < size) filled += readSync(fd, bytes, filled, size - filled, null);
    } finally {
      closeSync(fd);
    }
  } catch {
    // No /dev/urandom (a locked-down container): Web Crypto is the same CSPRNG, only slower to load.
    globalThis.crypto.getRandomValues(bytes);
  }
  return bytes;
}

/** Returns `size` random bytes as lowercase hex. */
export function randomHex(size: number): string {
  return readRandomBytes(size).toString('hex');
}

/** Returns a random RFC 4122 version 4 UUID. */
export function randomUuid(): string {
  const bytes = readRandomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
