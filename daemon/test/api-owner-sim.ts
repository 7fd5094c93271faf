/**
 * A stand-in for a `flowforge run` owner (bundled with esbuild by the e2e test): registers an owner,
 * records a run for a real process group (sh + sleep), heartbeats, and acks commands by acting on it.
 * Env: FF_DB, FF_RUN_ID, FF_OWNER_ID. Prints `READY <childPid>` once the run row exists.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { openStore } from '../src/adapters/sqlite-store.js';

const db = process.env.FF_DB ?? '';
const runId = process.env.FF_RUN_ID ?? 'sim';
const ownerId = process.env.FF_OWNER_ID ?? `sim-${process.pid}`;
const store = openStore(db);
store.registerOwner({ id: ownerId, pid: process.pid, kind: 'cli', hostname: hostname(), atMs: Date.now() });
const child = spawn('sh', ['-c', 'sleep 600 & sleep 600; wait'], { detached: true, stdio: 'ignore' });
const pgid = child.pid ?? 0;
store.createRun(
  {
    id: runId,
    name: 'owner sim',
    command: ['sh', '-c', 'sleep 600 & sleep 600; wait'],
    cwd: process.cwd(),
    rollout: 'enforce',
    runKey: runId,
    enforced: true,
    ownerKind: 'cli',
    ownerPid: process.pid,
    startedAtMs: Date.now(),
    limits: { maxCpuPercent: 90, maxMemoryBytes: null },
  },
  Date.now(),
);
store.updateRun(runId, { childPid: pgid });
process.stdout.write(`READY ${pgid}\n`);

const heartbeat = setInterval(() => {
  store.heartbeatOwner(ownerId, Date.now());
}, 200);
const poll = setInterval(() => {
  for (const cmd of store.pendingCommands([runId])) {
    if (cmd.kind === 'kill') {
      process.kill(-pgid, 'SIGKILL');
      store.ackCommand(cmd.id, Date.now(), 'acked', `killed process group ${pgid}`);
      store.updateRun(runId, { status: 'killed', terminationReason: 'user-stop', endedAtMs: Date.now() });
      store.appendEvent({
        atMs: Date.now(),
        type: 'action.killed',
        runId,
        incidentId: null,
        data: { commandId: cmd.id },
      });
      clearInterval(heartbeat);
      clearInterval(poll);
      store.markOwnerGone(ownerId, Date.now());
      store.close();
    } else {
      store.ackCommand(cmd.id, Date.now(), 'failed', `the simulator does not ${cmd.kind}`);
    }
  }
}, 20);
