import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real Debian servers on loopback for integration and end-to-end tests: node_exporter
 * (with a textfile collector the test writes to), Alertmanager, and Prometheus scraping the
 * one and sending alerts to the other, every second. Each stack has its own ports and data
 * directories, removed by stop(). A missing binary or a server that does not start fails the
 * test with the server's own words.
 */

/** The drill: a metric the test sets through the textfile collector, and the rule that turns it into a firing alert. */
export const DRILL = {
  metric: 'watchfloor_drill_failing',
  alertname: 'WatchfloorDrillFailing',
  severity: 'critical',
  runbookUrl: 'https://runbooks.example.net/watchfloor/drill-failing',
} as const;

const RULES = `groups:
  - name: watchfloor-drill
    rules:
      - alert: ${DRILL.alertname}
        expr: ${DRILL.metric} > 0
        labels:
          severity: ${DRILL.severity}
        annotations:
          summary: 'Drill failing on {{ $labels.environment }}'
          description: 'The drill metric reports a failure.'
          runbook_url: '${DRILL.runbookUrl}'
`;

export interface PromStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** node_exporter's `instance` label in Prometheus: what a fleet file's host binds to. */
  nodeInstance: string;
  /** Sets the drill metric of an environment: 1 fires the alert, 0 resolves it. */
  setDrill(environment: string, failing: boolean): void;
  /** Writes `<name>.prom` into the textfile collector's directory. */
  writeTextfile(name: string, text: string): void;
  stop(): Promise<void>;
}

const STARTUP_MS = 20_000;
const STDERR_KEPT = 4000;

interface Server {
  name: string;
  process: ChildProcess;
  stderr(): string;
  exited: Promise<void>;
}

/** Ports nobody listens on, held together while chosen so that no two are the same. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (typeof address === 'object' && address) resolve(address.port);
            else reject(new Error('no port'));
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function launch(name: string, binary: string, args: string[]): Server {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    name,
    process: child,
    stderr: () => (spawnError ? `${binary} could not be started (${spawnError.message}); install it: apt-get install ${name}\n` : '') + stderr,
    exited,
  };
}

async function waitReady(server: Server, url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server.name} did not start (${exited ? 'it exited' : `not ready after ${STARTUP_MS} ms`}):\n${server.stderr()}`);
}

async function terminate(server: Server): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null || server.process.pid === undefined) return;
  server.process.kill('SIGTERM');
  const killer = setTimeout(() => server.process.kill('SIGKILL'), 3000);
  await server.exited;
  clearTimeout(killer);
}

export async function startPromStack(): Promise<PromStack> {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-prom-'));
  const textfiles = join(dir, 'textfile');
  for (const sub of ['textfile', 'prometheus', 'alertmanager']) mkdirSync(join(dir, sub));
  const [nodePort, promPort, amPort] = await freePorts(3);
  const nodeInstance = `127.0.0.1:${nodePort}`;
  const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
  const prometheusUrl = `http://127.0.0.1:${promPort}`;

  writeFileSync(join(dir, 'rules.yml'), RULES);
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    ['route:', '  receiver: drop', '  group_wait: 1s', '  group_interval: 1s', '  repeat_interval: 1h', 'receivers:', '  - name: drop', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}',
      `rule_files: ['${join(dir, 'rules.yml')}']`,
      `alerting: {alertmanagers: [{static_configs: [{targets: ['127.0.0.1:${amPort}']}]}]}`,
      'scrape_configs:',
      `  - {job_name: node, static_configs: [{targets: ['${nodeInstance}']}]}`,
      '',
    ].join('\n'),
  );

  const servers: Server[] = [];
  const stop = async () => {
    await Promise.all(servers.map(terminate));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const node = launch('prometheus-node-exporter', 'prometheus-node-exporter', [
      `--web.listen-address=${nodeInstance}`,
      `--collector.textfile.directory=${textfiles}`,
      // No systemd in test containers: the collector would only log errors.
      '--no-collector.systemd',
    ]);
    servers.push(node);
    // Alertmanager before Prometheus, so the first alert is delivered at once rather than on the next resend.
    const alertmanager = launch('prometheus-alertmanager', 'prometheus-alertmanager', [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ]);
    servers.push(alertmanager);
    await Promise.all([waitReady(node, `http://${nodeInstance}/metrics`), waitReady(alertmanager, `${alertmanagerUrl}/-/ready`)]);
    const prometheus = launch('prometheus', 'prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--rules.alert.resend-delay=1s',
    ]);
    servers.push(prometheus);
    await waitReady(prometheus, `${prometheusUrl}/-/ready`);
  } catch (error) {
    await stop();
    throw error;
  }

  const writeTextfile = (name: string, text: string) => {
    // Written aside and renamed, so node_exporter never reads half a file.
    const temporary = join(dir, `${name}.prom.tmp`);
    writeFileSync(temporary, text);
    renameSync(temporary, join(textfiles, `${name}.prom`));
  };

  return {
    prometheusUrl,
    alertmanagerUrl,
    nodeInstance,
    writeTextfile,
    setDrill: (environment, failing) =>
      writeTextfile(`drill-${environment}`, `${DRILL.metric}{environment="${environment}"} ${failing ? 1 : 0}\n`),
    stop,
  };
}

/** Retries `probe` until it returns a value (not undefined) or the time is up; the servers work on 1 s cycles. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `; last error: ${last instanceof Error ? last.message : String(last)}` : ''}`);
}
