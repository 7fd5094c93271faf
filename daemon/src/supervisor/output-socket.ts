/**
 * Connected Unix stream sockets for the child's stdout and stderr, read with one reused buffer each
 * (net.Socket `onread`). Node's own `stdio: 'pipe'` allocates a fresh 64 KiB Buffer per read and runs
 * it through the Readable machinery, which capped pass-through near a quarter of `cat | cat`; reading
 * into a fixed buffer roughly doubles it. Node has no socketpair(), so each pair is made by a listener
 * in a private 0700 directory that exists only while the two ends connect: nobody else can reach it.
 */
import { mkdtempSync, rmdirSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Receives the bytes of one read; `chunk` is only valid during the call. Return false to pause. */
export type ChunkHandler = (chunk: Buffer) => boolean;

/** One of the child's output streams: `childEnd` goes to spawn(), `reader` is ours. */
export interface OutputSocket {
  childEnd: Socket;
  reader: Socket;
}

/** Bytes per read: the kernel hands a Unix socket reader at most about this much at a time anyway. */
export const READ_BUFFER_BYTES = 64 * 1024;
const CONNECT_TIMEOUT_MS = 2000;

function connectPair(path: string, onChunk: ChunkHandler): Promise<OutputSocket> {
  return new Promise((resolve, reject) => {
    const server = createServer({ pauseOnConnect: true });
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    let reader: Socket | null = null;
    const fail = (error: Error): void => {
      clearTimeout(timer);
      server.close();
      reader?.destroy();
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(new Error(`no connection on ${path} within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    server.once('error', fail);
    server.listen(path, () => {
      const ours = connect({
        path,
        onread: { buffer, callback: (bytes, target) => onChunk(Buffer.from(target.buffer, target.byteOffset, bytes)) },
      });
      reader = ours;
      ours.once('error', fail);
      // The only connection: nobody else can reach the private directory the socket lives in.
      server.once('connection', (childEnd: Socket) => {
        clearTimeout(timer);
        server.close();
        resolve({ childEnd, reader: ours });
      });
    });
  });
}

/**
 * Opens one socket pair per handler. Rejects (leaving nothing behind) when the private directory
 * or a listener cannot be made, so the caller can fall back to plain pipes.
 */
export async function openOutputSockets(handlers: readonly ChunkHandler[]): Promise<OutputSocket[]> {
  const dir = mkdtempSync(join(tmpdir(), 'flowforge-'));
  try {
    const settled = await Promise.allSettled(
      handlers.map((handler, i) => connectPair(join(dir, `${i}.sock`), handler)),
    );
    const pairs = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure !== undefined) {
      for (const pair of pairs) {
        pair.reader.destroy();
        pair.childEnd.destroy();
      }
      throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
    }
    for (const pair of pairs) pair.reader.removeAllListeners('error');
    return pairs;
  } finally {
    // Plain unlink + rmdir: a recursive rmSync would load Node's rimraf at every start.
    for (let i = 0; i < handlers.length; i++) {
      try {
        unlinkSync(join(dir, `${i}.sock`));
      } catch {
        // that listener never bound: no file to remove
      }
    }
    rmdirSync(dir);
  }
}
