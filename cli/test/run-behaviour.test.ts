/** `flowforge run` as a user meets it: pass-through, exit codes, signals, env, errors, storage trouble. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { withStore } from './protocol-helpers.js';
import { CLI, FIXTURES, livePidsInGroup, runCli, startCli, waitFor, useTempDir } from './harness.js';

const { dir, db } = useTempDir();

/** The state letter of a process in /proc (R, S, T for stopped, ...), or null once it is gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

describe('flowforge run', () => {
  it('passes stdout and stderr through byte for byte and keeps the exit code', async () => {
    const script =
      'import sys\nsys.stdout.write("line 1\\nno newline")\nsys.stderr.write("err \\u2713\\n")\nsys.exit(7)';
    const result = await runCli(['run', '--quiet', '--db', db, '--', 'python3', '-c', script]);
    expect(result.stdout).toBe('line 1\nno newline');
    expect(result.stderr).toBe('err \u2713\n');
    expect(result.code).toBe(7);
  });

  it('passes a heavy stream through byte for byte to a reader that starts late', async () => {
    // 8 MB of numbered lines into a pipe whose reader sleeps first: our stdout backs up, the
    // child is paused, and nothing is lost or reordered while the read buffer is reused.
    const script = 'import sys\nfor i in range(400000): sys.stdout.write("%019d\\n" % i)';
    const expected = createHash('sha256')
      .update(Array.from({ length: 400000 }, (_, i) => `${String(i).padStart(19, '0')}\n`).join(''))
      .digest('hex');
    // Shadow mode: a counter in one format is a repetition by design; here only the bytes matter.
    const codeFile = path.join(dir, 'heavy.code');
    const run = `node ${CLI} run --quiet --shadow-mode --db ${db} -- python3 -c '${script}'`;
    const pipeline = `(${run}; echo $? > ${codeFile}) | (sleep 1; sha256sum)`;
    // Not a CI job of its own: no ::error:: annotations for the shadow decision on the runner's log.
    const child = spawn('sh', ['-c', pipeline], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, CI: 'false', GITHUB_ACTIONS: 'false' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(readFileSync(codeFile, 'utf8').trim()).toBe('0');
    expect(stdout.split(' ')[0]).toBe(expected);
  });

  it('gets its own closing summary to a reader that starts late, after the job filled the pipe', async () => {
    // The job fills the pipe and is stopped by the timeout while nobody reads: our summary waits in
    // the stderr stream at the end, and FlowForge must not exit before it is written (bin: beforeExit).
    const script = 'import sys,time\nsys.stdout.write("o" * 200000)\nsys.stdout.flush()\ntime.sleep(30)';
    const run = `node ${CLI} run --timeout 1s --db ${db} -- python3 -c '${script}'`;
    const child = spawn('sh', ['-c', `(${run} 2>&1; echo "exit=$?") | (sleep 2; cat)`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, CI: 'false', GITHUB_ACTIONS: 'false' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    // The job's bytes and our summary come through two streams: their order is not fixed.
    expect(output).toMatch(/^flowforge: Run [0-9a-f-]{36}: ended as timeout, exit code 124$/m);
    expect(output.endsWith('exit=124\n')).toBe(true);
  });

  it('passes the last output of a finished job whole to a reader that starts late', async () => {
    // The job writes more than the pipes hold and exits; its reader starts 2 s later. What waits in
    // our socket is held back by our own consumer, not by leftovers: nothing may be dropped.
    const code = path.join(dir, 'late.code');
    const run = `node ${CLI} run --db ${db} -- python3 -c 'import sys; sys.stdout.write("o" * 150000)'`;
    const child = spawn('sh', ['-c', `(${run} 2>${code}.err; echo $? > ${code}) | (sleep 2; wc -c)`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, CI: 'false', GITHUB_ACTIONS: 'false' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    expect(stdout.trim()).toBe('150000');
    expect(readFileSync(code, 'utf8').trim()).toBe('0');
    expect(readFileSync(`${code}.err`, 'utf8')).not.toContain('stayed open');
  });

  it('stops what a finished job left running on its pipes, says so, and ends', async () => {
    // The background sleep keeps stdout open after the shell exits: a plain pipeline would hang.
    const result = await runCli(['run', '--db', db, '--', 'sh', '-c', 'sleep 60 & echo $$']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('the job exited but its output pipes stayed open');
    expect(livePidsInGroup(Number(result.stdout.trim()))).toEqual([]);
  });

  it('falls back to plain pipes when it cannot make its private socket directory', async () => {
    const script = 'import sys\nsys.stdout.write("out\\n")\nsys.stderr.write("err\\n")\nsys.exit(5)';
    const result = await runCli(['run', '--quiet', '--db', db, '--', 'python3', '-c', script], {
      env: { TMPDIR: path.join(dir, 'does-not-exist') },
    });
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(result.code).toBe(5);
  });

  it('passes stdin through to the child', async () => {
    const result = await runCli(['run', '--quiet', '--db', db, '--', 'sh', '-c', 'tr a-z A-Z'], {
      input: 'hello\nworld\n',
    });
    expect(result.stdout).toBe('HELLO\nWORLD\n');
  });

  it('ends like a plain pipeline when its reader goes away (yes | head -1)', async () => {
    const child = spawn('sh', ['-c', `node ${CLI} run --quiet --db ${db} -- yes | head -1`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toBe('y\n');
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
  });

  it('exits 127 with a clear message for a command that does not exist', async () => {
    const result = await runCli(['run', '--db', db, '--', 'no-such-command-ff']);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('command not found: no-such-command-ff');
  });

  it('says what a path is when it cannot run, and treats an empty command as bad usage', async () => {
    const missing = await runCli(['run', '--db', db, '--', './no-such-script.sh'], { cwd: dir });
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain(`no such file: ${path.join(dir, 'no-such-script.sh')}`);
    const directory = await runCli(['run', '--db', db, '--', './'], { cwd: dir });
    expect(directory.code).toBe(126);
    expect(directory.stderr).toContain(`${dir} is a directory, not a program`);
    const empty = await runCli(['run', '--db', db, '--', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no command given');
  });

  it('exits 126 for a file that is not executable', async () => {
    const result = await runCli(['run', '--db', db, '--', path.join(FIXTURES, 'manifest.json')]);
    expect(result.code).toBe(126);
    expect(result.stderr).toContain('is not executable');
  });

  it('reports 128+N when the child dies from signal N', async () => {
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--',
      'python3',
      path.join(FIXTURES, 'signal_self.py'),
      'KILL',
    ]);
    expect(result.code).toBe(137);
  });

  it('gives the child its run id, the protocol nonce and unbuffered python', async () => {
    const summary = path.join(dir, 'env.json');
    const script =
      'import os\nfor k in ("FLOWFORGE_RUN_ID","PYTHONUNBUFFERED","FLOWFORGE_RESTART_COUNT"): print(k, os.environ.get(k))\nprint("nonce set", len(os.environ.get("FLOWFORGE_PROTOCOL_NONCE","")) >= 16)';
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--summary-json',
      summary,
      '--',
      'python3',
      '-c',
      script,
    ]);
    const runId = (JSON.parse(readFileSync(summary, 'utf8')) as { run_id: string }).run_id;
    expect(result.stdout).toBe(
      `FLOWFORGE_RUN_ID ${runId}\nPYTHONUNBUFFERED 1\nFLOWFORGE_RESTART_COUNT 0\nnonce set True\n`,
    );
  });

  it('keeps a PYTHONUNBUFFERED the user set', async () => {
    const result = await runCli(
      ['run', '--quiet', '--db', db, '--', 'python3', '-c', 'import os; print(os.environ["PYTHONUNBUFFERED"])'],
      {
        env: { PYTHONUNBUFFERED: '' },
      },
    );
    expect(result.stdout).toBe('\n');
  });

  it('forwards SIGINT to the child process group and reports the child’s exit', async () => {
    // The shell leads the child's process group, so $$ is the group id.
    const cli = startCli(['run', '--quiet', '--db', db, '--', 'sh', '-c', 'echo $$; sleep 30 & wait']);
    await waitFor(() => cli.stdoutSoFar().includes('\n'), 'the child to print its pid');
    const pgid = Number(cli.stdoutSoFar().trim());
    expect(livePidsInGroup(pgid).length).toBeGreaterThan(0);
    cli.kill('SIGINT');
    const result = await cli.result;
    expect(result.code).toBe(130);
    expect(livePidsInGroup(pgid)).toEqual([]);
  });

  it('passes USR1, USR2, WINCH and QUIT on to the job and keeps supervising', async () => {
    // Unhandled, USR2 would end FlowForge and orphan the job, and USR1 would open Node's debugger.
    const script = [
      'import signal, time',
      'got = []',
      'for s in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGWINCH, signal.SIGQUIT):',
      '    signal.signal(s, lambda n, f: got.append(signal.Signals(n).name))',
      'print("ready", flush=True)',
      'while len(got) < 4: time.sleep(0.05)',
      'print(" ".join(got), flush=True)',
    ].join('\n');
    const cli = startCli(['run', '--quiet', '--db', db, '--', 'python3', '-c', script]);
    await waitFor(() => cli.stdoutSoFar().includes('ready'), 'the job to install its handlers');
    for (const signal of ['SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGQUIT'] as const) {
      cli.kill(signal);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await cli.result;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ready\nSIGUSR1 SIGUSR2 SIGWINCH SIGQUIT\n');
    expect(result.stderr).not.toContain('Debugger');
  });

  it('stops the job with itself on Ctrl-Z (SIGTSTP), continues both on SIGCONT, and calls no stall', async () => {
    // The job is quiet for 2.5 s of its own (under the 3 s stall timeout) and held stopped for 4 s
    // in the middle: that time must not count as its silence.
    const script =
      'import os, time\nprint(os.getpgid(0), flush=True)\nfor i in range(25): time.sleep(0.1)\nprint("done")';
    const cli = startCli(['run', '--stall-timeout', '3s', '--db', db, '--', 'python3', '-c', script]);
    await waitFor(() => cli.stdoutSoFar().includes('\n'), 'the job to print its group');
    const pgid = Number(cli.stdoutSoFar().trim());
    await new Promise((resolve) => setTimeout(resolve, 1300)); // one tick has seen the output
    cli.kill('SIGTSTP');
    await waitFor(() => processState(cli.pid) === 'T' && processState(pgid) === 'T', 'FlowForge and the job to stop');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(processState(pgid)).toBe('T');
    cli.kill('SIGCONT');
    const result = await cli.result;
    expect(result.stderr).not.toContain('stall');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${pgid}\ndone\n`);
  });

  it('passes secrets through to the terminal but never stores them', async () => {
    const summaryPath = path.join(dir, 'secret.json');
    const token = 'sk-abcdefghijklmnopqrstuvwxyz0123456789';
    const result = await runCli(
      [
        'run',
        '--quiet',
        '--db',
        db,
        '--summary-json',
        summaryPath,
        '--',
        'sh',
        '-c',
        'echo "key=$MY_API_KEY"; sleep 1.5; echo "$1"',
        'sh',
        token,
      ],
      { env: { MY_API_KEY: 'hunter2-very-secret-value' } },
    );
    expect(result.stdout).toBe(`key=hunter2-very-secret-value\n${token}\n`);
    const runId = (JSON.parse(readFileSync(summaryPath, 'utf8')) as { run_id: string }).run_id;
    const stored = withStore(db, (store) =>
      JSON.stringify([store.getRun(runId), store.listOutput(runId), store.listTimeline({ runId, limit: 500 })]),
    );
    expect(stored).toContain('key=');
    expect(stored).not.toContain('hunter2-very-secret-value');
    expect(stored).not.toContain(token);
  });

  it('names the bad flag and what it expects, and exits 2', async () => {
    const result = await runCli(['run', '--max-cpu', 'lots', '--db', db, '--', 'true']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-cpu');
  });

  it('rejects an unknown flag with a pointer to the help', async () => {
    const result = await runCli(['run', '--max-cpuu', '90', '--', 'true']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-cpuu');
    expect(result.stderr).toContain('flowforge run --help');
  });

  it('runs the job to completion when its database cannot be opened, warning once', async () => {
    const result = await runCli([
      'run',
      '--db',
      '/proc/flowforge-cannot-write/runs.db',
      '--',
      'sh',
      '-c',
      'echo done; exit 4',
    ]);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('done\n');
    expect(result.stderr.match(/cannot open the evidence database/g)).toHaveLength(1);
  });

  it('in shadow mode records the kill it would have made and lets the job finish', async () => {
    const summaryPath = path.join(dir, 'shadow.json');
    const result = await runCli([
      'run',
      '--shadow-mode',
      '--cpu-window',
      '2s',
      '--db',
      db,
      '--summary-json',
      summaryPath,
      '--',
      'python3',
      path.join(FIXTURES, 'infinite_looper.py'),
      '--duration',
      '6',
    ]);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as {
      actions: { action: string; intended: string }[];
      termination_reason: string;
    };
    expect(summary.actions.some((a) => a.action === 'log_only' && a.intended === 'kill')).toBe(true);
    expect(summary.actions.some((a) => a.action === 'kill')).toBe(false);
    expect(summary.termination_reason).toBe('exited');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('gave up after 6s');
  }, 30_000);

  it('gives up after the restart budget and says why', async () => {
    const summaryPath = path.join(dir, 'budget.json');
    const result = await runCli(
      [
        'run',
        '--retry-on-exit',
        'any',
        '--max-restarts',
        '2',
        '--db',
        db,
        '--summary-json',
        summaryPath,
        '--',
        'sh',
        '-c',
        'echo attempt $FLOWFORGE_RESTART_COUNT; exit 3',
      ],
      { env: { FLOWFORGE_RESTART_BACKOFF_INITIAL: '' } },
    );
    expect(result.stdout).toBe('attempt 0\nattempt 1\nattempt 2\n');
    expect(result.code).toBe(123);
    expect(result.stderr).toContain('restart budget exhausted');
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as { restarts: number };
    expect(summary.restarts).toBe(2);
  }, 30_000);

  it('records the breach that finds the restart budget spent as the kill it is, not as a restart', async () => {
    const summaryPath = path.join(dir, 'policy-budget.json');
    const result = await runCli(
      [
        'run',
        '--on-breach',
        'restart',
        '--max-restarts',
        '1',
        '--db',
        db,
        '--summary-json',
        summaryPath,
        '--',
        'sh',
        '-c',
        'while :; do echo the same line; sleep 0.02; done',
      ],
      { env: { FLOWFORGE_RESTART_BACKOFF_INITIAL: '100ms' } },
    );
    expect(result.code).toBe(123);
    expect(result.stderr).toContain('restart budget exhausted');
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as {
      restarts: number;
      actions: { action: string; intended: string; reason: string }[];
    };
    expect(summary.restarts).toBe(1);
    expect(summary.actions.map((a) => [a.action, a.intended])).toEqual([
      ['restart', 'restart'],
      ['kill', 'restart'],
    ]);
    expect(summary.actions[1]?.reason).toContain('stopped, not restarted');
  }, 30_000);
});
