import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployer, DeploymentOrder, RemoteDeploymentState, WatchedEnvironment } from '../../main/core/connectors/capabilities.js';
import { CommandConnector } from '../../main/core/connectors/command/command-connector.js';
import type { CommandBackend } from '../../main/core/connectors/command/command-deployer.js';
import { CommandJournal } from '../../main/core/connectors/command/command-journal.js';
import { supervisedSpawn } from '../../main/core/connectors/command/supervisor.js';
import { systemClock } from '../../main/core/clock.js';
import { eventually, freePorts } from '../support/prom-stack.js';
import { useTempDirs } from '../support/temp.js';
import { permanentPlan } from '../../shared/contract/lifecycle.js';

/**
 * The command deployer against a real web service with two slots (blue and green, two
 * node servers) behind a real nginx from Debian: the deploy script puts a release into
 * the idle slot, the swap script points nginx's upstream at it and reloads nginx
 * gracefully, all under a steady load of requests through nginx, none of which may fail.
 */

const NODE = process.execPath;
const signal = new AbortController().signal;

const SLOT_SERVER = `
import { createServer } from 'node:http';
import { renameSync, writeFileSync } from 'node:fs';
const [port, version, slot] = process.argv.slice(2);
const server = createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(version);
});
server.listen(Number(port), '127.0.0.1', () => {
  writeFileSync(slot + '.pid', String(process.pid));
  writeFileSync(slot + '.ready.tmp', version);
  renameSync(slot + '.ready.tmp', slot + '.ready');
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
`;

/** Deploys WATCHFLOOR_RELEASE into whichever slot nginx does not send traffic to. */
const DEPLOY = `
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
const env = process.env;
const release = env.WATCHFLOOR_RELEASE;
appendFileSync('runs.log', [env.WATCHFLOOR_ACTION, release, env.WATCHFLOOR_TARGET, env.WATCHFLOOR_SLOT, env.WATCHFLOOR_DEPLOYMENT_KEY, env.SITE].join(' ') + '\\n');
const active = readFileSync('active', 'utf8').trim();
const idle = active === 'blue' ? 'green' : 'blue';
console.log('deploying ' + release + ' into the ' + idle + ' slot while ' + active + ' serves');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
if (existsSync(idle + '.pid')) {
  const pid = Number(readFileSync(idle + '.pid', 'utf8'));
  if (alive(pid)) process.kill(pid, 'SIGTERM');
  while (alive(pid)) await sleep(20);
}
rmSync(idle + '.ready', { force: true });
const out = openSync(idle + '.log', 'a');
spawn(process.execPath, ['slot-server.mjs', readFileSync(idle + '.port', 'utf8').trim(), release, idle], { detached: true, stdio: ['ignore', out, out] }).unref();
for (let i = 0; i < 200 && !existsSync(idle + '.ready'); i++) await sleep(25);
if (!existsSync(idle + '.ready') || readFileSync(idle + '.ready', 'utf8') !== release) {
  console.error('the ' + idle + ' slot did not start');
  process.exit(1);
}
console.log('deployed ' + release + ' to the ' + idle + ' slot');
`;

/** Points nginx at the idle slot and reloads it gracefully: old workers finish their requests, new ones take the new upstream. */
const SWAP = `
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
const env = process.env;
const active = readFileSync('active', 'utf8').trim();
const next = active === 'blue' ? 'green' : 'blue';
writeFileSync('upstream.conf.tmp', 'server 127.0.0.1:' + readFileSync(next + '.port', 'utf8').trim() + ';\\n');
renameSync('upstream.conf.tmp', 'upstream.conf');
const reload = spawnSync(env.NGINX, ['-p', env.NGINX_PREFIX, '-c', env.NGINX_CONF, '-e', env.NGINX_ERROR_LOG, '-s', 'reload'], { encoding: 'utf8' });
if (reload.status !== 0) {
  console.error('nginx reload failed: ' + (reload.stderr || reload.error?.message));
  process.exit(2);
}
writeFileSync('active', next + '\\n');
console.log('swapped ' + env.WATCHFLOOR_TARGET + ': ' + next + ' now serves');
`;

/** Prints what the active slot runs. */
const VERSION = `
import { readFileSync } from 'node:fs';
const active = readFileSync('active', 'utf8').trim();
console.log(readFileSync(active + '.ready', 'utf8'));
`;

function findNginx(): string {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    if (!spawnSync(candidate, ['-v']).error) return candidate;
  }
  throw new Error('nginx is not installed: this test needs the Debian package "nginx" (apt-get install nginx)');
}

function environment(id: string): WatchedEnvironment {
  return {
    view: { id, name: id, tenantId: 'acme', regionId: 'apac', siteId: 'apac-syd', kind: 'production', watchedBy: 'none', servers: 2, lifecycle: permanentPlan('UTC') },
    binding: { labels: {}, tags: [], alertsFrom: [], logs: null, hosts: null },
  };
}

let sequence = 0;
function order(env: WatchedEnvironment, version: string, variables: Record<string, string> = {}, extra: Partial<DeploymentOrder> = {}): DeploymentOrder {
  sequence += 1;
  return {
    key: `watchfloor-${process.pid}-${sequence}`,
    action: 'deploy',
    version,
    previousVersion: null,
    target: { environment: env, remoteName: `${env.view.id}-site`, remoteTenant: null, slot: 'production', variables },
    runAt: null,
    noRunAfter: null,
    guidedFailure: false,
    requestedBy: 'ana@example.com',
    reason: 'integration test',
    ...extra,
  };
}

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end();
  });
}

/** Two loops of requests through nginx, each a new connection, about 100 a second in all, until stopped. */
function steadyLoad(port: number) {
  const answers: string[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        const { status, body } = await get(port);
        if (status === 200) answers.push(body);
        else failures.push(`HTTP ${status}: ${body.slice(0, 100)}`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const loops = [loop(), loop()];
  return {
    answers,
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function settled(deployer: Deployer, id: string): Promise<RemoteDeploymentState> {
  return eventually(`run ${id} to end`, async () => {
    const { state } = await deployer.status(id, signal);
    return state === 'queued' || state === 'running' ? undefined : state;
  });
}

function connector(definition: Omit<CommandBackend, 'kind' | 'timeoutMs'> & { timeoutMs?: number }, dataDir: string, graceMs?: number): { connector: CommandConnector; deployer: Deployer } {
  const made = new CommandConnector({ kind: 'command', timeoutMs: 60_000, ...definition }, { clock: systemClock, log: () => {}, dataDir, baseDir: '/', graceMs });
  const deployer = made.deployer;
  if (!deployer) throw new Error('expected a deployer with a data directory');
  return { connector: made, deployer };
}

const tempDir = useTempDirs();

describe('command deployer: two slots behind a real nginx', () => {
  let site = '';
  const env = environment('acme-prod');
  let nginx: ChildProcess | undefined;
  let nginxBinary = '';
  let nginxPort = 0;
  let variables: Record<string, string> = {};

  beforeAll(async () => {
    nginxBinary = findNginx();
    const [proxy, blue, green] = await freePorts(3);
    if (!proxy || !blue || !green) throw new Error('no free ports');
    nginxPort = proxy;
    site = mkdtempSync(join(tmpdir(), 'watchfloor-nginx-'));
    mkdirSync(join(site, 'tmp'));
    writeFileSync(join(site, 'slot-server.mjs'), SLOT_SERVER);
    writeFileSync(join(site, 'deploy.mjs'), DEPLOY);
    writeFileSync(join(site, 'swap.mjs'), SWAP);
    writeFileSync(join(site, 'version.mjs'), VERSION);
    writeFileSync(join(site, 'blue.port'), String(blue));
    writeFileSync(join(site, 'green.port'), String(green));
    writeFileSync(join(site, 'active'), 'blue\n');
    writeFileSync(join(site, 'upstream.conf'), `server 127.0.0.1:${blue};\n`);
    const conf = join(site, 'nginx.conf');
    const errorLog = join(site, 'error.log');
    writeFileSync(
      conf,
      `worker_processes 2;
pid ${join(site, 'nginx.pid')};
error_log ${errorLog} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${join(site, 'tmp/body')};
  proxy_temp_path ${join(site, 'tmp/proxy')};
  fastcgi_temp_path ${join(site, 'tmp/fastcgi')};
  uwsgi_temp_path ${join(site, 'tmp/uwsgi')};
  scgi_temp_path ${join(site, 'tmp/scgi')};
  upstream app { include ${join(site, 'upstream.conf')}; }
  server {
    listen 127.0.0.1:${proxy};
    location / { proxy_pass http://app; }
  }
}
`,
    );
    variables = { NGINX: nginxBinary, NGINX_PREFIX: `${site}/`, NGINX_CONF: conf, NGINX_ERROR_LOG: errorLog, SITE: 'two-slot' };

    // Blue serves 1.0.0 before anything is deployed.
    const out = join(site, 'blue.log');
    writeFileSync(out, '');
    spawn(NODE, ['slot-server.mjs', String(blue), '1.0.0', 'blue'], { cwd: site, detached: true, stdio: 'ignore' }).unref();
    await eventually('the blue slot', () => (existsSync(join(site, 'blue.ready')) ? true : undefined));

    nginx = spawn(nginxBinary, ['-p', `${site}/`, '-c', conf, '-e', errorLog, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await eventually(`nginx on port ${proxy} (${stderr})`, async () => ((await get(proxy)).body === '1.0.0' ? true : undefined));
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    for (const slot of ['blue', 'green']) {
      const pidFile = join(site, `${slot}.pid`);
      if (!existsSync(pidFile)) continue;
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
      } catch {
        // Already stopped.
      }
    }
    rmSync(site, { recursive: true, force: true });
  });

  it('deploys into the idle slot and swaps it in under load with no failed request, then rolls back the same way', async () => {
    const { connector: made, deployer } = connector({ id: 'site', deploy: [NODE, 'deploy.mjs'], swap: [NODE, 'swap.mjs'], version: [NODE, 'version.mjs'], workingDirectory: site }, tempDir());
    const slots = made.slots;
    if (!slots) throw new Error('expected a slot swapper with a swap command');
    const target = { environment: env, remoteName: 'acme-prod-site', remoteTenant: null, slot: 'staging' as const, variables };

    const load = steadyLoad(nginxPort);
    const release = order(env, '2.0.0', variables, { previousVersion: '1.0.0', target });
    const id = await deployer.start(release, signal);
    expect(await settled(deployer, id)).toBe('succeeded');
    const log = (await deployer.log(id, 0, signal)).map((line) => line.text);
    expect(log).toContain('deploying 2.0.0 into the green slot while blue serves');
    expect(log).toContain('deployed 2.0.0 to the green slot');
    expect((await get(nginxPort)).body).toBe('1.0.0');

    await slots.swap(target, signal);
    await eventually('nginx to serve 2.0.0', async () => ((await get(nginxPort)).body === '2.0.0' ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.answers.length).toBeGreaterThan(50);
    expect(new Set(load.answers)).toEqual(new Set(['1.0.0', '2.0.0']));
    expect(load.answers.at(-1)).toBe('2.0.0');
    expect((await deployer.currentVersions([target], signal)).get('acme-prod')?.version).toBe('2.0.0');

    const rollbackLoad = steadyLoad(nginxPort);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await slots.swap(target, signal);
    await eventually('nginx to serve 1.0.0 again', async () => ((await get(nginxPort)).body === '1.0.0' ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await rollbackLoad.stop();
    expect(rollbackLoad.failures).toEqual([]);
    expect(rollbackLoad.answers.at(-1)).toBe('1.0.0');
    expect(rollbackLoad.answers).toContain('2.0.0');
    expect((await deployer.currentVersions([target], signal)).get('acme-prod')?.version).toBe('1.0.0');

    const runs = readFileSync(join(site, 'runs.log'), 'utf8').trim().split('\n');
    expect(runs).toEqual([`deploy 2.0.0 acme-prod-site staging ${release.key} two-slot`]);
    made.close();
  }, 60_000);
});

describe('command deployer: results, cancel and exactly once', () => {
  const env = environment('acme-uat');

  it('maps a non-zero exit to failed with the exit code and the last error line, and streams the output', async () => {
    const dir = tempDir();
    const { deployer } = connector(
      { id: 'failing', deploy: [NODE, '-e', 'console.log("copying files"); console.error("warning: disk 91% full"); console.error("cannot reach the database"); process.exit(3)'], workingDirectory: dir },
      tempDir(),
    );
    const id = await deployer.start(order(env, '3.1.0'), signal);
    expect(await settled(deployer, id)).toBe('failed');
    expect((await deployer.status(id, signal)).message).toBe('exit code 3: cannot reach the database');
    const log = await deployer.log(id, 0, signal);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', text: 'copying files' }),
        expect.objectContaining({ level: 'warning', text: 'cannot reach the database' }),
        expect.objectContaining({ level: 'error', text: 'exit code 3: cannot reach the database' }),
      ]),
    );
    expect(await deployer.currentVersions([{ environment: env, remoteName: 'acme-uat', remoteTenant: null, slot: 'production', variables: {} }], signal)).toEqual(new Map());
  });

  it('cancel stops the command, with SIGKILL when it ignores SIGTERM', async () => {
    const dir = tempDir();
    const script = 'require("fs").writeFileSync("cancel.pid", String(process.pid)); process.on("SIGTERM", () => console.log("ignoring SIGTERM")); setInterval(() => {}, 1000)';
    const { deployer } = connector({ id: 'stubborn', deploy: [NODE, '-e', script], workingDirectory: dir }, tempDir(), 300);
    const id = await deployer.start(order(env, '3.2.0'), signal);
    const pid = await eventually('the command to start', () => (existsSync(join(dir, 'cancel.pid')) ? Number(readFileSync(join(dir, 'cancel.pid'), 'utf8')) : undefined));
    await deployer.cancel(id, signal);
    expect(await settled(deployer, id)).toBe('cancelled');
    expect((await deployer.status(id, signal)).message).toContain('SIGKILL');
    // Killed with its supervisor, the command is reaped by init, a moment later.
    await eventually('the command to be gone', () => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    });
  });

  it('waits for runAt, and a cancel while it waits means the command never runs', async () => {
    const dir = tempDir();
    const { deployer } = connector({ id: 'later', deploy: [NODE, '-e', 'require("fs").appendFileSync("ran", "x\\n")'], workingDirectory: dir }, tempDir());
    const waiting = await deployer.start(order(env, '3.3.0', {}, { runAt: Date.now() + 400 }), signal);
    expect((await deployer.status(waiting, signal)).state).toBe('queued');
    await deployer.cancel(waiting, signal);
    const later = await deployer.start(order(env, '3.3.1', {}, { runAt: Date.now() + 400 }), signal);
    expect((await deployer.status(later, signal)).state).toBe('queued');
    expect(await settled(deployer, later)).toBe('succeeded');
    expect((await deployer.status(waiting, signal)).state).toBe('cancelled');
    expect(readFileSync(join(dir, 'ran'), 'utf8')).toBe('x\n');
  });

  it('after a connector rebuild, finds the run by its key, never starts it again, and records how a run still going ends', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    const definition = { id: 'counted', deploy: [NODE, '-e', 'require("fs").appendFileSync("count", "x\\n"); setTimeout(() => {}, Number(process.env.HOLD_MS))'], workingDirectory: dir };
    const runs = () => readFileSync(join(dir, 'count'), 'utf8').split('\n').filter(Boolean).length;

    const first = connector(definition, dataDir);
    const finished = order(env, '4.0.0', { HOLD_MS: '0' });
    const finishedId = await first.deployer.start(finished, signal);
    expect(await first.deployer.start(finished, signal)).toBe(finishedId);
    expect(await settled(first.deployer, finishedId)).toBe('succeeded');
    const going = order(env, '4.0.1', { HOLD_MS: '1500' });
    const goingId = await first.deployer.start(going, signal);
    await eventually('the second run to start', () => (runs() === 2 ? true : undefined));
    // A saved connection or a fleet-file edit: the connector is closed and built again over the same data dir.
    first.connector.close();

    const second = connector(definition, dataDir);
    expect(await second.deployer.find(finished, signal)).toMatchObject({ remoteId: finishedId, version: '4.0.0', target: 'acme-uat-site', key: finished.key });
    expect((await second.deployer.find(going, signal))?.remoteId).toBe(goingId);
    expect(await second.deployer.find(order(env, '4.0.2'), signal)).toBeNull();
    expect(await second.deployer.start(finished, signal)).toBe(finishedId);
    expect(await second.deployer.start(going, signal)).toBe(goingId);
    expect((await second.deployer.status(finishedId, signal)).state).toBe('succeeded');
    expect((await second.deployer.status(goingId, signal)).state).toBe('running');
    // The command exits 0 after the rebuild: that is recorded, never taken for an interruption.
    expect(await settled(second.deployer, goingId)).toBe('succeeded');
    expect((await second.deployer.log(goingId, 0, signal)).map((line) => line.text)).toContain('4.0.1 deployed to acme-uat-site');
    expect((await second.deployer.log(finishedId, 0, signal)).map((line) => line.text)).toContain('4.0.0 deployed to acme-uat-site');
    // Counted on the target: each command ran once.
    expect(runs()).toBe(2);
    const target = { environment: env, remoteName: 'acme-uat-site', remoteTenant: null, slot: 'production' as const, variables: {} };
    expect((await second.deployer.currentVersions([target], signal)).get('acme-uat')?.version).toBe('4.0.1');
    expect((await second.deployer.runs(target, signal)).map((run) => run.remoteId)).toEqual([goingId, finishedId]);
  });

  it('reports a run whose console died while it ran (its process gone, no end recorded) as interrupted, for a person to check', async () => {
    const dataDir = tempDir();
    const definition = { id: 'orphaned', deploy: [NODE, '-e', ''], workingDirectory: tempDir() };
    const gone = spawnSync(NODE, ['-e', '']).pid;
    const orphan = order(env, '4.1.0');
    const journal = new CommandJournal(join(dataDir, 'command-deployer', 'orphaned'));
    const at = Date.now() - 1000;
    journal.create({ key: orphan.key, environmentId: 'acme-uat', action: 'deploy', version: '4.1.0', slot: 'production', env: { WATCHFLOOR_TARGET: 'acme-uat-site' }, state: 'running', createdAt: at, runAt: null, noRunAfter: null, startedAt: at, finishedAt: null, pid: gone, message: null });
    const { deployer } = connector(definition, dataDir);
    expect(await deployer.status(orphan.key, signal)).toMatchObject({
      state: 'failed',
      message: 'interrupted: the console stopped while it ran and no exit was recorded (its supervisor ended too), so its outcome is not known and its log may be incomplete; check the target before retrying',
    });
  });

  it('takes the exit its supervisor recorded for a run whose console died while it ran: its outcome and output, not "interrupted"', async () => {
    const dataDir = tempDir();
    const work = tempDir();
    const definition = { id: 'outlived', deploy: [NODE, '-e', ''], workingDirectory: work };
    const survivor = order(env, '4.2.0');
    const journal = new CommandJournal(join(dataDir, 'command-deployer', 'outlived'));
    const at = Date.now() - 1000;
    const record = { key: survivor.key, environmentId: 'acme-uat', action: 'deploy' as const, version: '4.2.0', slot: 'production' as const, env: { WATCHFLOOR_TARGET: 'acme-uat-site' }, state: 'running' as const, createdAt: at, runAt: null, noRunAfter: null, startedAt: at, finishedAt: null, pid: null, message: null };
    journal.create(record);
    // The command ran to its end under its supervisor after the console that started it was gone.
    const launch = supervisedSpawn([NODE, '-e', 'console.log("copied 12 files"); console.error("warming up"); require("fs").writeFileSync("done", "yes")'], journal.exitPath(survivor.key), journal.logPath(survivor.key));
    const ran = spawnSync(launch.file, launch.args, { cwd: work, env: { ...process.env, ...launch.env } });
    journal.update({ ...record, pid: ran.pid });
    expect(readFileSync(join(work, 'done'), 'utf8')).toBe('yes');

    const { deployer } = connector(definition, dataDir);
    expect(await deployer.status(survivor.key, signal)).toMatchObject({ state: 'succeeded', message: null });
    const log = (await deployer.log(survivor.key, 0, signal)).map((line) => `${line.level} ${line.text}`);
    expect(log.slice(0, 2)).toEqual(['info copied 12 files', 'warning warming up']);
    expect(log[2]).toMatch(/^info the console stopped while the command ran; its supervisor recorded the exit \(exit code 0\) at .*; output written around the stop may be missing from this log$/);
    const versions = await deployer.currentVersions([survivor.target], signal);
    expect(versions.get('acme-uat')?.version).toBe('4.2.0');
  });

  it('tells whether a swap completed since a moment from the journal, reading the exit its supervisor recorded after the console died', async () => {
    const dataDir = tempDir();
    const work = tempDir();
    const { connector: made, deployer } = connector({ id: 'swapper', deploy: [NODE, '-e', ''], swap: [NODE, '-e', ''], workingDirectory: work }, dataDir);
    const swapper = made.slots;
    if (!swapper) throw new Error('expected a swapper with a swap command');
    const target = order(env, '6.0.0').target;
    const journal = new CommandJournal(join(dataDir, 'command-deployer', 'swapper'));
    journal.setEnvironmentVersions('acme-uat', { production: { version: '5.9.0', at: 1 }, staging: { version: '6.0.0', at: 2 } });
    const sent = Date.now();
    expect(await swapper.swappedSince(target, sent, signal)).toEqual({ state: 'not-swapped', lastAt: null });

    // The console sent the swap and died; the swap command ran to its end under its supervisor.
    journal.setLastSwap('acme-uat', { sentAt: sent, pid: null, state: 'running', finishedAt: null, message: null });
    const launch = supervisedSpawn([NODE, '-e', 'require("fs").appendFileSync("swapped", "x")'], journal.swapExitPath('acme-uat'), null);
    const ran = spawnSync(launch.file, launch.args, { cwd: work, env: { ...process.env, ...launch.env } });
    journal.setLastSwap('acme-uat', { sentAt: sent, pid: ran.pid, state: 'running', finishedAt: null, message: null });
    const answer = await swapper.swappedSince(target, sent, signal);
    expect(answer.state).toBe('swapped');
    expect(readFileSync(join(work, 'swapped'), 'utf8')).toBe('x');
    expect((await deployer.currentVersions([target], signal)).get('acme-uat')?.version).toBe('6.0.0');

    // A swap command that exited non-zero is a failed swap, in its words, not one to send again.
    journal.setLastSwap('acme-uat', { sentAt: sent + 5, pid: null, state: 'running', finishedAt: null, message: null });
    const failing = supervisedSpawn([NODE, '-e', 'console.error("slot locked"); process.exit(3)'], journal.swapExitPath('acme-uat'), null);
    journal.setLastSwap('acme-uat', { sentAt: sent + 5, pid: spawnSync(failing.file, failing.args, { cwd: work, env: { ...process.env, ...failing.env } }).pid, state: 'running', finishedAt: null, message: null });
    expect(await swapper.swappedSince(target, sent + 5, signal)).toEqual({ state: 'failed', message: 'exit code 3: slot locked' });

    // A swap whose process is gone with no exit recorded cannot be told: it throws rather than guess.
    journal.clearSwapExit('acme-uat');
    journal.setLastSwap('acme-uat', { sentAt: sent + 10, pid: spawnSync(NODE, ['-e', '']).pid, state: 'running', finishedAt: null, message: null });
    await expect(swapper.swappedSince(target, sent + 10, signal)).rejects.toThrow(/ended while no console followed it, so whether it swapped is not known/);
  });

  it('fails a command that runs past its time limit', async () => {
    const dir = tempDir();
    const { deployer } = connector({ id: 'slow', deploy: [NODE, '-e', 'console.error("still copying"); setInterval(() => {}, 1000)'], workingDirectory: dir, timeoutMs: 1000 }, tempDir(), 200);
    const id = await deployer.start(order(env, '5.0.0'), signal);
    expect(await settled(deployer, id)).toBe('failed');
    expect((await deployer.status(id, signal)).message).toBe('timed out after 1 s: still copying');
  });
});
