/** A daemon in its own process for the SSE shutdown test: prints READY <url>, stops on SIGTERM without process.exit. */
import { startDaemon } from '../src/daemon/start-daemon.js';
import { silentLogger } from '../src/daemon/logger.js';

async function main(): Promise<void> {
  const handle = await startDaemon({
    host: '127.0.0.1',
    port: 0,
    pidFile: false,
    logger: silentLogger,
    api: { sse: { heartbeatMs: 50 } },
  });
  process.stdout.write(`READY ${handle.url}\n`);
  process.once('SIGTERM', () => {
    void handle.close().then(() => process.stdout.write('STOPPED\n'));
  });
}

void main();
