import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { APAC_REGION_YAML } from './fleet-yaml.js';
import { freePorts } from './prom-stack.js';

/**
 * A real Redmine (Debian's `redmine` package, `.ci/run` installs it) on loopback for one test:
 * its own port and its own copy of the instance's SQLite database, with the REST API enabled,
 * an admin API key, a tracker, custom fields for the console's id and record, and a project. A Redmine
 * that cannot start fails the test with its own words.
 */

const REDMINE_ROOT = '/usr/share/redmine';
/** Where dbconfig-common put the `default` instance's database (migrated, default data loaded). */
const INSTANCE_DB = '/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default';
const STARTUP_MS = 60_000;
const OUTPUT_KEPT = 6000;

export interface RedmineServer {
  url: string;
  /** The admin's API key (`X-Redmine-API-Key`). */
  apiKey: string;
  /** The project's identifier. */
  project: string;
  trackerId: number;
  /** The id of the issue custom field that holds the console's marker. */
  markerFieldId: number;
  /** The id of the long-text issue custom field that holds the console's record. */
  recordFieldId: number;
  /** How long Redmine took to answer, from spawn. */
  startedInMs: number;
  stop(): Promise<void>;
}

function now(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Enables REST and writes the admin's key, a tracker and the marker and record fields, straight
 * into the copy. The tracker has the workflow of Bug except that Closed and Rejected are final,
 * so that a transition the workflow refuses can be tried.
 */
function prepareDatabase(file: string, apiKey: string): { trackerId: number; markerFieldId: number; recordFieldId: number } {
  const db = new Database(file);
  try {
    return db.transaction(() => {
      const at = now();
      db.prepare("DELETE FROM settings WHERE name = 'rest_api_enabled'").run();
      db.prepare("INSERT INTO settings (name, value, updated_on) VALUES ('rest_api_enabled', '1', ?)").run(at);
      const admin = db.prepare("SELECT id FROM users WHERE login = 'admin' AND admin = 1").get() as { id: number } | undefined;
      if (!admin) throw new Error(`Redmine's database ${INSTANCE_DB} has no admin user; reinstall the redmine package`);
      db.prepare("INSERT INTO tokens (user_id, action, value, created_on, updated_on) VALUES (?, 'api', ?, ?, ?)").run(admin.id, apiKey, at, at);
      const newStatus = db.prepare("SELECT id FROM issue_statuses WHERE is_closed = 0 ORDER BY position LIMIT 1").get() as { id: number } | undefined;
      if (!newStatus) throw new Error(`Redmine's database ${INSTANCE_DB} has no issue statuses: its default data was not loaded`);
      const trackerId = Number(
        db.prepare("INSERT INTO trackers (name, position, is_in_roadmap, fields_bits, default_status_id) VALUES ('Incident', 99, 0, 0, ?)").run(newStatus.id).lastInsertRowid,
      );
      db.prepare(
        `INSERT INTO workflows (tracker_id, old_status_id, new_status_id, role_id, assignee, author, type, field_name, rule)
         SELECT ?, old_status_id, new_status_id, role_id, assignee, author, type, field_name, rule FROM workflows WHERE tracker_id = (SELECT MIN(id) FROM trackers)`,
      ).run(trackerId);
      db.prepare("DELETE FROM workflows WHERE tracker_id = ? AND old_status_id IN (SELECT id FROM issue_statuses WHERE name IN ('Closed', 'Rejected'))").run(trackerId);
      const markerFieldId = Number(
        db
          .prepare(
            `INSERT INTO custom_fields (type, name, field_format, is_for_all, is_filter, searchable, visible, editable, position, default_value, format_store)
             VALUES ('IssueCustomField', 'Watchfloor id', 'string', 1, 1, 1, 1, 1, 1, '', ?)`,
          )
          .run("---\ntext_formatting: ''\nurl_pattern: ''\n").lastInsertRowid,
      );
      const recordFieldId = Number(
        db
          .prepare(
            `INSERT INTO custom_fields (type, name, field_format, is_for_all, is_filter, searchable, visible, editable, position, default_value, format_store)
             VALUES ('IssueCustomField', 'Watchfloor record', 'text', 1, 0, 0, 1, 1, 2, '', ?)`,
          )
          .run("---\ntext_formatting: ''\nfull_width_layout: '0'\n").lastInsertRowid,
      );
      const enable = db.prepare('INSERT INTO custom_fields_trackers (custom_field_id, tracker_id) VALUES (?, ?)');
      enable.run(markerFieldId, trackerId);
      enable.run(recordFieldId, trackerId);
      return { trackerId, markerFieldId, recordFieldId };
    })();
  } finally {
    db.close();
  }
}

async function createProject(url: string, apiKey: string, identifier: string, trackerId: number): Promise<void> {
  const response = await fetch(`${url}/projects.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-redmine-api-key': apiKey },
    body: JSON.stringify({ project: { name: 'Watchfloor incidents', identifier, tracker_ids: [trackerId], enabled_module_names: ['issue_tracking'] } }),
  });
  if (response.status !== 201) throw new Error(`Redmine did not create the test project (${response.status}): ${await response.text()}`);
}

async function waitReady(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  let exited = false;
  child.once('close', () => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`${url}/issue_statuses.json`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Redmine did not start (${exited ? 'it exited' : `not ready after ${STARTUP_MS} ms`}):\n${output()}`);
}

export async function startRedmine(): Promise<RedmineServer> {
  if (!existsSync(INSTANCE_DB)) {
    throw new Error(`Redmine is not installed (${INSTANCE_DB} is missing): install redmine, redmine-sqlite and ruby-webrick as .ci/run does`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-redmine-'));
  const database = join(dir, 'redmine.sqlite3');
  copyFileSync(INSTANCE_DB, database);
  const apiKey = randomBytes(20).toString('hex');
  const project = 'watchfloor';
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('close', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { trackerId, markerFieldId, recordFieldId } = prepareDatabase(database, apiKey);
    // Debian's Gemfile lacks a web server: webrick is added in a Gemfile of the test's own, so the package's files stay untouched.
    writeFileSync(join(dir, 'Gemfile'), `eval_gemfile '${REDMINE_ROOT}/Gemfile'\ngem 'webrick'\n`);
    const [port] = await freePorts(1);
    const url = `http://127.0.0.1:${port}`;
    const started = performance.now();
    const spawned = spawn('bin/rails', ['server', '-u', 'webrick', '-b', '127.0.0.1', '-p', String(port), '-P', join(dir, 'server.pid')], {
      cwd: REDMINE_ROOT,
      env: { ...process.env, RAILS_ENV: 'production', BUNDLE_GEMFILE: join(dir, 'Gemfile'), DATABASE_URL: `sqlite3:${database}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let output = '';
    const keep = (chunk: string) => {
      output = (output + chunk).slice(-OUTPUT_KEPT);
    };
    spawned.stdout?.setEncoding('utf8').on('data', keep);
    spawned.stderr?.setEncoding('utf8').on('data', keep);
    spawned.once('error', (error) => keep(`\n${REDMINE_ROOT}/bin/rails could not be started: ${error.message}\n`));
    await waitReady(spawned, url, () => output);
    const startedInMs = performance.now() - started;
    await createProject(url, apiKey, project, trackerId);
    return { url, apiKey, project, trackerId, markerFieldId, recordFieldId, startedInMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A fleet file whose ticketing backend is this Redmine at `url` (Redmine itself or a proxy in front of
 * it), its API key read from the environment variable `keyVariable`; one customer ("drill") with a
 * production environment in APAC watched by the sandbox. Written to `dir`; returns its path.
 */
export function redmineDrillFleet(dir: string, redmine: RedmineServer, options: { url?: string; keyVariable: string; timeoutMs?: number }): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'name: Incidents on Redmine',
      'backends:',
      '  - { id: sim, kind: sandbox, seed: 7, tickMs: 1000, faultRate: 0 }',
      `  - { id: tickets, kind: redmine, url: "${options.url ?? redmine.url}", project: ${redmine.project}, trackerId: ${redmine.trackerId}, markerFieldId: ${redmine.markerFieldId},`,
      `      recordFieldId: ${redmine.recordFieldId}, timeoutMs: ${options.timeoutMs ?? 2000}, auth: { type: redmine, apiKey: { store: env, variable: ${options.keyVariable} } } }`,
      APAC_REGION_YAML,
      'tenants:',
      '  - { id: drill, name: Drill Co, region: apac, environments: [{ id: drill-prod, kind: production, site: apac-syd, watchedBy: sim }] }',
      '',
    ].join('\n'),
  );
  return file;
}
