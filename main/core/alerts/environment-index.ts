import type { Matcher } from '../../../shared/contract/alerts.js';
import type { WatchedEnvironment } from '../connectors/capabilities.js';
import { compileMatcher } from './matchers.js';

/** Environments bound to one alert source, grouped by which label names select them. */
interface SourceIndex {
  /** Most label names first, so the most specific binding wins. */
  groups: Array<{ names: string[]; byValues: Map<string, string> }>;
  environments: WatchedEnvironment[];
  /** `name\0value` → environments whose binding has that label; built when a silence first needs it. */
  byLabel: Map<string, WatchedEnvironment[]> | undefined;
}

const SEPARATOR = '\u0000';

function labelOf(labels: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(labels, name) ? labels[name] : undefined;
}

/**
 * Which environment an alert concerns and which environments a silence covers, from the
 * fleet file's bindings. Built once per fleet, so a poll costs a lookup per alert rather
 * than a scan of every environment.
 */
export class EnvironmentIndex {
  private readonly sources = new Map<string, SourceIndex>();

  constructor(watched: readonly WatchedEnvironment[]) {
    const groupsBySource = new Map<string, Map<string, { names: string[]; byValues: Map<string, string> }>>();
    for (const env of watched) {
      const names = Object.keys(env.binding.labels);
      // Most bindings have the one default label: no sorting or joining for them.
      if (names.length > 1) names.sort();
      const signature = names.length === 1 ? (names[0] ?? '') : names.join(SEPARATOR);
      const values = names.length === 1 ? (env.binding.labels[names[0] ?? ''] ?? '') : names.map((name) => env.binding.labels[name] ?? '').join(SEPARATOR);
      for (const sourceId of env.binding.alertsFrom) {
        let source = this.sources.get(sourceId);
        if (!source) {
          source = { groups: [], environments: [], byLabel: undefined };
          this.sources.set(sourceId, source);
          groupsBySource.set(sourceId, new Map());
        }
        source.environments.push(env);
        const groups = groupsBySource.get(sourceId);
        let group = groups?.get(signature);
        if (!group) {
          group = { names, byValues: new Map() };
          groups?.set(signature, group);
          source.groups.push(group);
        }
        // Two environments with the same labels: the first in the file is the one alerts name.
        if (!group.byValues.has(values)) group.byValues.set(values, env.view.id);
      }
    }
    for (const source of this.sources.values()) source.groups.sort((a, b) => b.names.length - a.names.length);
  }

  /** The environment whose every binding label equals the alert's, among those taking alerts from the source. */
  environmentOf(sourceId: string, labels: Readonly<Record<string, string>>): string | null {
    const source = this.sources.get(sourceId);
    if (!source) return null;
    for (const group of source.groups) {
      const values: string[] = [];
      let complete = true;
      for (const name of group.names) {
        const value = labelOf(labels, name);
        if (value === undefined) {
          complete = false;
          break;
        }
        values.push(value);
      }
      if (!complete) continue;
      const id = group.byValues.get(values.join(SEPARATOR));
      if (id !== undefined) return id;
    }
    return null;
  }

  /**
   * Environments a silence of the source covers: every matcher names a label of the
   * environment's binding and accepts its value. A silence without matchers covers nothing.
   */
  coveredBy(sourceId: string, matchers: readonly Matcher[]): string[] {
    const source = this.sources.get(sourceId);
    if (!source || matchers.length === 0) return [];
    const tests = matchers.map((matcher) => ({ name: matcher.name, test: compileMatcher(matcher) }));
    const equal = matchers.find((matcher) => matcher.isEqual && !matcher.isRegex);
    const candidates = equal ? (labelIndex(source).get(`${equal.name}${SEPARATOR}${equal.value}`) ?? []) : source.environments;
    return candidates
      .filter((env) =>
        tests.every(({ name, test }) => {
          const value = labelOf(env.binding.labels, name);
          return value !== undefined && test(value);
        }),
      )
      .map((env) => env.view.id);
  }
}

function labelIndex(source: SourceIndex): Map<string, WatchedEnvironment[]> {
  if (source.byLabel) return source.byLabel;
  const byLabel = new Map<string, WatchedEnvironment[]>();
  for (const env of source.environments) {
    for (const [name, value] of Object.entries(env.binding.labels)) {
      const key = `${name}${SEPARATOR}${value}`;
      const list = byLabel.get(key);
      if (list) list.push(env);
      else byLabel.set(key, [env]);
    }
  }
  source.byLabel = byLabel;
  return byLabel;
}
