// Starts a real FlowForge daemon for the dashboard's end-to-end tests (the package's startDaemon),
// on 127.0.0.1 and E2E_DAEMON_PORT (0 = ephemeral); prints "listening <url>" once it accepts requests.
import { startDaemon } from '@flowforge/daemon/server';

const port = Number(process.env.E2E_DAEMON_PORT ?? '0');
const logger = {
  info: () => undefined,
  warn: (message, fields) => process.stderr.write(`warn ${message} ${JSON.stringify(fields ?? {})}\n`),
  error: (message, fields) => process.stderr.write(`error ${message} ${JSON.stringify(fields ?? {})}\n`),
};
const daemon = await startDaemon({ host: '127.0.0.1', port, pidFile: false, logger });
process.stdout.write(`listening ${daemon.url}\n`);
const stop = () => {
  void daemon.close();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
