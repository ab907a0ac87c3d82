import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import type { Connector, Deployer, SlotSwapper } from '../capabilities.js';
import { CommandDeployer, type CommandBackend } from './command-deployer.js';

export interface CommandConnectorOptions {
  clock: Clock;
  log: (line: string) => void;
  /** The console's data directory; without it (a Settings probe) there is nowhere to journal runs, so nothing is deployed. */
  dataDir: string | undefined;
  /** Where relative working directories are taken from. */
  baseDir: string;
  /** Between SIGTERM and SIGKILL when a run is cancelled or times out; default 10 s. */
  graceMs?: number;
}

/** A backend that deploys and swaps slots by running the fleet file's commands on this machine. */
export class CommandConnector implements Connector {
  readonly kind = 'command';
  readonly name: string;
  private readonly commands: CommandDeployer | undefined;

  constructor(
    private readonly definition: CommandBackend,
    options: CommandConnectorOptions,
  ) {
    this.name = definition.name ?? definition.id;
    this.commands =
      options.dataDir === undefined
        ? undefined
        : new CommandDeployer(definition, this.name, {
            clock: options.clock,
            log: options.log,
            baseDir: options.baseDir,
            graceMs: options.graceMs,
            journalDir: join(options.dataDir, 'command-deployer', definition.id),
          });
  }

  get id(): string {
    return this.definition.id;
  }

  get deployer(): Deployer | undefined {
    return this.commands;
  }

  get slots(): SlotSwapper | undefined {
    return this.definition.swap ? this.commands : undefined;
  }

  close(): void {
    this.commands?.close();
  }
}
