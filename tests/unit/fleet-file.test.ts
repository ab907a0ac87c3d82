import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetJsonSchema } from '../../main/core/definition/fleet-json-schema.js';
import { FleetFileSource, DefinitionError } from '../../main/core/definition/definition-source.js';
import { parseFleetText, readFleetFile } from '../../main/core/definition/fleet-file.js';
import { openStore } from '../../main/core/store/store.js';
import { useTempDirs } from '../support/temp.js';

const example = readFileSync(new URL('../../resources/fleet.example.yaml', import.meta.url), 'utf8');

describe('fleet file', () => {
  const tempDir = useTempDirs();

  it('accepts the shipped example', () => {
    const result = parseFleetText(example, 'fleet.example.yaml');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.tenants.map((tenant) => tenant.id)).toEqual(['harbour-health', 'thames-logistics', 'shared-eu']);
  });

  it('names the file, line, column and path of a bad time zone', () => {
    const broken = example.replace('timeZone: Europe/London', 'timeZone: Europe/Londn');
    const result = parseFleetText(broken, 'fleet.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = broken.split('\n').findIndex((text) => text.includes('Europe/Londn')) + 1;
    expect(result.problems).toEqual([
      {
        file: 'fleet.yaml',
        line,
        column: 15,
        path: 'regions[1].timeZone',
        message: 'expected an IANA time zone such as "Australia/Sydney", got "Europe/Londn"',
      },
    ]);
  });

  it('refuses an environment placed on a site of another region (data residency)', () => {
    const broken = example.replace('site: uk-lon, goLive: 2025-09-01, watchedBy: sim, deployedBy: sim }', 'site: apac-syd, goLive: 2025-09-01, watchedBy: sim, deployedBy: sim }');
    const result = parseFleetText(broken, 'fleet.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.path).toBe('tenants[1].environments[0].site');
    expect(result.problems[0]?.message).toBe('site "apac-syd" is not in region "uk" (data residency); expected one of: uk-lon, uk-man, uk-car');
    expect(result.problems[0]?.line).toBe(broken.split('\n').findIndex((text) => text.includes('thames-logistics-prod')) + 1);
  });

  it('reports a missing field at its parent', () => {
    const broken = example.replace('    name: Thames Logistics\n', '');
    const result = parseFleetText(broken, 'fleet.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: 'tenants[1].name', message: 'Invalid input: expected string, received undefined' });
    expect(result.problems[0]?.line).toBe(broken.split('\n').findIndex((text) => text.includes('id: thames-logistics')) + 1);
  });

  it('names an unknown backend', () => {
    const broken = example.replace('site: uk-lon, goLive: 2025-09-01, watchedBy: sim', 'site: uk-lon, goLive: 2025-09-01, watchedBy: nagios');
    const result = parseFleetText(broken, 'fleet.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ path: 'tenants[1].environments[0].watchedBy', message: 'unknown backend "nagios"' });
  });

  it('gives the line of a YAML syntax error', () => {
    const result = parseFleetText('version: 1\nname: [unclosed\n', 'fleet.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.message).toMatch(/^YAML syntax: /);
      expect(result.problems[0]?.line).toBeGreaterThanOrEqual(2);
    }
  });

  it('says when the file does not exist', () => {
    const result = readFleetFile('/nonexistent/fleet.yaml');
    expect(result).toEqual({
      ok: false,
      problems: [{ file: '/nonexistent/fleet.yaml', line: null, column: null, path: '', message: 'cannot read the fleet file: file not found' }],
    });
  });

  it('keeps running on the last good definition when the file breaks, even after a restart', () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, example);
    const store = openStore(dir);
    const source = new FleetFileSource(file, store.settings, () => 1);
    const good = source.load();
    expect(good.status.problems).toEqual([]);

    writeFileSync(file, example.replace('version: 1', 'version: 2'));
    const afterBreak = source.load();
    expect(afterBreak.definition).toEqual(good.definition);
    expect(afterBreak.status.problems[0]).toMatchObject({ path: 'version', line: 6 });

    const restarted = new FleetFileSource(file, store.settings, () => 2).load();
    expect(restarted.definition).toEqual(good.definition);
    expect(restarted.status.problems).toHaveLength(1);
    store.close();

    const fresh = openStore(tempDir());
    expect(() => new FleetFileSource(file, fresh.settings, () => 3).load()).toThrow(DefinitionError);
    fresh.close();
  });

  it('publishes a JSON Schema that matches the code', () => {
    const published = readFileSync(new URL('../../resources/fleet.schema.json', import.meta.url), 'utf8');
    expect(published).toBe(fleetJsonSchema());
  });
});
