import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { describeProblem, type DefinitionProblem, type DefinitionStatus } from '../../../shared/contract/fleet.js';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { SettingsRepo } from '../store/settings-repo.js';
import { generateSandboxFleet } from '../connectors/sandbox/generate-fleet.js';
import { guarded } from '../guarded.js';
import { readFleetFile } from './fleet-file.js';

export interface LoadedDefinition {
  definition: FleetDefinition;
  status: DefinitionStatus;
}

export class DefinitionError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(`the fleet file cannot be used, and there is no last good definition of it to fall back on (one is kept each time it loads cleanly):\n${problems.map((problem) => `  ${describeProblem(problem)}`).join('\n')}`);
    this.name = 'DefinitionError';
  }
}

const LastGood = z.object({ file: z.string(), definition: z.unknown() });
const LAST_GOOD_KEY = 'fleet.lastGoodDefinition';

/** The embedded default: the simulated fleet, no file and no account needed. */
export function embeddedDefinition(seed: number, size: number, now: number): LoadedDefinition {
  return {
    definition: generateSandboxFleet({ seed, size, rolloutFrom: now }),
    status: { source: 'embedded-sandbox', file: null, loadedAt: now, problems: [] },
  };
}

/**
 * The fleet file, read and checked; when it is wrong, the last good definition of the same
 * file is used and the problems are reported, so a typo never takes the console down.
 */
export class FleetFileSource {
  private readonly file: string;
  private current: LoadedDefinition | undefined;
  /** The file as it was when last read: a change after that is never missed, however soon it comes. */
  private readStamp: string | undefined;

  constructor(
    file: string,
    private readonly settings: SettingsRepo,
    private readonly now: () => number,
  ) {
    this.file = resolve(file);
  }

  load(): LoadedDefinition {
    // Taken before reading: a write in between makes the next poll read the file again.
    this.readStamp = stampOf(this.file);
    const result = readFleetFile(this.file);
    if (result.ok) {
      this.settings.set(LAST_GOOD_KEY, { file: this.file, definition: result.definition });
      this.current = { definition: result.definition, status: { source: 'file', file: this.file, loadedAt: this.now(), problems: [] } };
      return this.current;
    }
    const fallback = this.current?.definition ?? this.lastGood();
    if (!fallback) throw new DefinitionError(result.problems);
    this.current = { definition: fallback, status: { source: 'file', file: this.file, loadedAt: this.now(), problems: result.problems } };
    return this.current;
  }

  /**
   * Polls the file (editors replace files on save, which plain fs.watch can miss), comparing it
   * with what was last read rather than with the previous poll, so a write made before the first
   * poll is seen too.
   */
  watch(onChange: (loaded: LoadedDefinition) => void, log: (line: string) => void, intervalMs = 500): () => void {
    const timer = setInterval(
      guarded('reading the fleet file again', log, () => {
        if (stampOf(this.file) !== this.readStamp) onChange(this.load());
      }),
      intervalMs,
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  private lastGood(): FleetDefinition | undefined {
    const stored = this.settings.get(LAST_GOOD_KEY, LastGood);
    if (!stored || stored.file !== this.file) return undefined;
    const parsed = FleetDefinition.safeParse(stored.definition);
    return parsed.success ? parsed.data : undefined;
  }
}

/** What tells one version of the file from the next without reading it. */
function stampOf(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : 'absent';
}
