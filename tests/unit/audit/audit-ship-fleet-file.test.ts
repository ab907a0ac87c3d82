import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleetText } from '../../../main/core/definition/fleet-file.js';

/** `audit.ship` in the fleet file: an Elasticsearch backend and index, or a syslog receiver; mistakes named by file, line and path. */

const example = readFileSync(new URL('../../../resources/fleet.example.yaml', import.meta.url), 'utf8');
const withLogs = example.replace('backends:\n', 'backends:\n  - { id: central-logs, kind: elasticsearch, url: https://logs.example.net }\n');

function problemsOf(text: string) {
  const result = parseFleetText(text, 'fleet.yaml');
  return result.ok ? [] : result.problems;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('audit shipping in the fleet file', () => {
  it('accepts an Elasticsearch backend and index, and a syslog receiver', () => {
    const es = parseFleetText(`${withLogs}\naudit:\n  ship: { type: elasticsearch, backend: central-logs, index: watchfloor-audit }\n`, 'fleet.yaml');
    expect(es.ok && es.definition.audit).toEqual({ ship: { type: 'elasticsearch', backend: 'central-logs', index: 'watchfloor-audit' } });
    const syslog = parseFleetText(`${example}\naudit:\n  ship: { type: syslog, host: syslog.example.net, port: 6514 }\n`, 'fleet.yaml');
    expect(syslog.ok && syslog.definition.audit).toEqual({ ship: { type: 'syslog', host: 'syslog.example.net', port: 6514 } });
  });

  it('refuses a backend that is not Elasticsearch, naming the line and path', () => {
    const text = `${example}\naudit:\n  ship: { type: elasticsearch, backend: sim, index: audit }\n`;
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ file: 'fleet.yaml', line: lineOf(text, 'backend: sim, index'), path: 'audit.ship.backend', message: 'backend "sim" is a sandbox backend; expected elasticsearch' }),
    ]);
  });

  it('refuses an index name Elasticsearch would refuse, and a port out of range', () => {
    const badIndex = `${withLogs}\naudit:\n  ship:\n    type: elasticsearch\n    backend: central-logs\n    index: Audit\n`;
    expect(problemsOf(badIndex)).toEqual([expect.objectContaining({ line: lineOf(badIndex, 'index: Audit'), path: 'audit.ship.index' })]);
    expect(problemsOf(badIndex)[0]?.message).toContain('lowercase');
    const badPort = `${example}\naudit:\n  ship: { type: syslog, host: logs, port: 70000 }\n`;
    expect(problemsOf(badPort)).toEqual([expect.objectContaining({ path: 'audit.ship.port', message: 'expected a TCP port from 1 to 65535' })]);
  });
});
