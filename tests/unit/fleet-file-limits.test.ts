import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DefinitionError, FleetFileSource, type LoadedDefinition } from '../../main/core/definition/definition-source.js';
import { z } from 'zod';
import { MAX_EXPANDED_VALUES } from '../../main/core/definition/alias-expansion.js';
import { parseYamlFile, readFleetFile } from '../../main/core/definition/fleet-file.js';
import { MAX_FLOW_NESTING, tooDeepFlowAt } from '../../main/core/definition/flow-nesting.js';
import { MAX_TEXT_FILE_BYTES } from '../../main/core/files/text-file.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import type { SystemInfo } from '../../shared/contract/methods.js';
import { openStore } from '../../main/core/store/store.js';
import { useTempDirs } from '../support/temp.js';

/** What a fleet file can contain must never stop the console: limits with clear problems, and the last good definition kept. */

const example = readFileSync(new URL('../../resources/fleet.example.yaml', import.meta.url), 'utf8');

/** The example with aliases that expand past the limit: 600 uses of an anchor of 10,000 values, on a line after the anchor. */
function withTooManyAliases(): { text: string; aliasLine: number } {
  const uses = Math.ceil(MAX_EXPANDED_VALUES / 10_000) + 100;
  const text = `${example.trimEnd()}\nx-shared: &shared [${Array.from({ length: 10_000 }, () => '1').join(', ')}]\nx-copies: [${Array.from({ length: uses }, () => '*shared').join(', ')}]\n`;
  return { text, aliasLine: text.split('\n').findIndex((line) => line.startsWith('x-copies')) + 1 };
}

const aliasPath = expect.stringMatching(/^x-copies\[\d+\]$/) as unknown;

function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (done()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(check, 20);
    };
    check();
  });
}

describe('fleet file limits', () => {
  const tempDir = useTempDirs();
  const cores: OpsCore[] = [];
  afterEach(() => {
    for (const core of cores.splice(0)) core.close();
  });

  it('reports too many aliases as a problem with the file and the line, instead of throwing', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    const { text, aliasLine } = withTooManyAliases();
    writeFileSync(file, text);
    const result = readFleetFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file, line: aliasLine, path: aliasPath });
    expect(result.problems[0]?.message).toContain(`the YAML aliases expand to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values`);
  });

  it('takes many uses of one anchor that expand to little (environments sharing their defaults)', () => {
    const text = `defaults: &defaults { watchedBy: sim, deployedBy: sim }\nenvironments:\n${Array.from({ length: 5000 }, (_, index) => `  - { id: env-${index}, settings: *defaults }`).join('\n')}\n`;
    const result = parseYamlFile(text, 'fleet.yaml', z.object({ environments: z.array(z.object({ settings: z.object({ watchedBy: z.string() }) })) }));
    expect(result.ok).toBe(true);
  });

  it('names an alias without its anchor, and one inside the value it names, with their lines', () => {
    const unresolved = parseYamlFile('a: 1\nb: *nowhere\n', 'fleet.yaml', z.unknown());
    expect(unresolved).toEqual({
      ok: false,
      problems: [{ file: 'fleet.yaml', line: 2, column: 4, path: 'b', message: 'the alias *nowhere names no anchor set before it' }],
    });
    const circular = parseYamlFile('a: &loop\n  - 1\n  - *loop\n', 'fleet.yaml', z.unknown());
    expect(circular).toEqual({
      ok: false,
      problems: [{ file: 'fleet.yaml', line: 3, column: 5, path: 'a[1]', message: 'the alias *loop is inside the value it names' }],
    });
  });

  it('refuses aliases nested to expand without end (a "billion laughs" file)', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(', ')}]`);
    }
    writeFileSync(file, `${levels.join('\n')}\n`);
    const result = readFleetFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.file).toBe(file);
      expect(result.problems[0]?.line).toBeGreaterThan(1);
      expect(result.problems[0]?.message).toContain('aliases');
    }
  });

  it('keeps the running console and its definition when the file is changed to too many aliases', async () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, example);
    const core = createOpsCore({ dataDir: dir, version: 'test', log: () => {}, fleetFile: file });
    cores.push(core);
    const reloads: Array<{ problems: number }> = [];
    core.subscribe('fleet.reloaded', (payload) => reloads.push({ problems: payload.definition.problems.length }));
    const before = await core.dispatch('fleet.snapshot', {});
    expect(before.ok).toBe(true);

    const { text, aliasLine } = withTooManyAliases();
    writeFileSync(file, text);
    await until(() => reloads.length > 0);

    const info = await core.dispatch('system.info', {});
    expect(info.ok).toBe(true);
    const definition = info.ok ? (info.value as SystemInfo).definition : undefined;
    expect(definition?.problems).toEqual([expect.objectContaining({ file, line: aliasLine, path: aliasPath })]);
    const after = await core.dispatch('fleet.snapshot', {});
    expect(after.ok && before.ok ? (after.value as { environments: { id: string[] } }).environments.id : null).toEqual(
      before.ok ? (before.value as { environments: { id: string[] } }).environments.id : undefined,
    );
  });

  it('starts on the last good definition when the file has too many aliases at start-up', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, example);
    const store = openStore(dir);
    const good = new FleetFileSource(file, store.settings, () => 1).load();
    store.close();

    const { text, aliasLine } = withTooManyAliases();
    writeFileSync(file, text);
    const lines: string[] = [];
    const core = createOpsCore({ dataDir: dir, version: 'test', log: (line) => lines.push(line), fleetFile: file });
    cores.push(core);
    // Whoever started it from a terminal reads why the file was passed over, and that the last good one is in use.
    expect(lines).toEqual(expect.arrayContaining([expect.stringContaining(`${file}:${aliasLine}`), expect.stringContaining('last good definition')]));
    return core.dispatch('system.info', {}).then((info) => {
      expect(info.ok).toBe(true);
      if (!info.ok) return;
      const status = (info.value as SystemInfo).definition;
      expect(status.problems).toEqual([expect.objectContaining({ file, line: aliasLine })]);
      expect(good.status.problems).toEqual([]);
    });
  });

  it('without a last good definition, refuses to start with a message naming the file and line', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    const { text, aliasLine } = withTooManyAliases();
    writeFileSync(file, text);
    let thrown: unknown;
    try {
      createOpsCore({ dataDir: dir, version: 'test', log: () => {}, fleetFile: file });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DefinitionError);
    const message = (thrown as Error).message;
    expect(message).toContain(`${file}:${aliasLine}`);
    expect(message).toContain('no last good definition');
  });

  it('refuses a file over the size limit before reading it, saying the size and the limit', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    // 50 MB, sparse: written as one byte at the end, so the test does not spend the memory it checks is not spent.
    const fd = openSync(file, 'w');
    writeSync(fd, 'x', 50 * 1024 * 1024 - 1);
    closeSync(fd);
    expect(statSync(file).size).toBe(50 * 1024 * 1024);
    const result = readFleetFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        file,
        line: null,
        column: null,
        path: '',
        message: `the file is 50 MiB, more than the ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MiB a fleet file may be; is it the right file?`,
      },
    ]);
  });

  it('reports invalid UTF-8 with its byte offset and line instead of replacing it', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    const prefix = Buffer.from('version: 1\nname: "Caf');
    writeFileSync(file, Buffer.concat([prefix, Buffer.from([0xe9]), Buffer.from('"\n')]));
    const result = readFleetFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        file,
        line: 2,
        column: 11,
        path: '',
        message: `not valid UTF-8 at byte ${prefix.length} (line 2): save the file as UTF-8`,
      },
    ]);
  });

  it('refuses brackets nested without end with the line, before the YAML parser recurses into them', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    // 2 MB of brackets: the parser alone takes about half a minute to report its stack overflow.
    writeFileSync(file, `version: 1\nname: x\nregions: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`);
    const result = readFleetFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { file, line: 3, column: 10 + MAX_FLOW_NESTING, path: '', message: expect.stringContaining(`more than ${MAX_FLOW_NESTING} levels deep`) as unknown },
    ]);
  });

  it('does not count brackets inside values, quotes or comments as nesting', () => {
    const deepInText = `${'['.repeat(MAX_FLOW_NESTING + 5)}`;
    const text = `a: up${deepInText}\nb: "${deepInText}"\nc: '${deepInText}'\n# ${deepInText}\nd: [[x], {e: [1]}]\n`;
    expect(tooDeepFlowAt(text)).toBeNull();
    expect(tooDeepFlowAt(`x: &a ${'[&b '.repeat(MAX_FLOW_NESTING + 1)}`)).not.toBeNull();
  });

  it('reads the calendar file by the same rules: invalid UTF-8 is a problem with its byte offset, and the console runs', async () => {
    const dir = tempDir();
    const prefix = Buffer.from('calendar:\n  windows: []\n# caf');
    writeFileSync(join(dir, 'calendar.yaml'), Buffer.concat([prefix, Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 20, log: () => {} });
    cores.push(core);
    const view = await core.dispatch('calendar.view', { range: { from: 0, to: 86_400_000 } });
    expect(view.ok).toBe(true);
    const problems = view.ok ? (view.value as { source: { problems: string[] } }).source.problems : [];
    expect(problems).toEqual([`${join(dir, 'calendar.yaml')}:3:6 not valid UTF-8 at byte ${prefix.length} (line 3): save the file as UTF-8`]);
  });

  it('keeps the definition loaded from the file when the watcher sees a broken one, with the problem named', async () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, example);
    const store = openStore(dir);
    const source = new FleetFileSource(file, store.settings, () => 1);
    const good = source.load();
    const seen: LoadedDefinition[] = [];
    const stop = source.watch((loaded) => seen.push(loaded), () => {}, 20);
    writeFileSync(file, withTooManyAliases().text);
    try {
      await until(() => seen.length > 0);
    } finally {
      stop();
      store.close();
    }
    expect(seen[0]?.definition).toBe(good.definition);
    expect(seen[0]?.status.problems[0]?.file).toBe(file);
  });
});
