import { AlertAckRepo } from './alert-ack-repo.js';
import { CommandResultRepo } from './command-result-repo.js';
import { ConnectionRepo } from './connection-repo.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { EnvStateRepo } from './env-state-repo.js';
import { PublicationRepo } from './publication-repo.js';
import { SettingsRepo } from './settings-repo.js';

export interface Store {
  readonly envStates: EnvStateRepo;
  readonly commandResults: CommandResultRepo;
  readonly settings: SettingsRepo;
  readonly alertAcks: AlertAckRepo;
  readonly connections: ConnectionRepo;
  readonly publications: PublicationRepo;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db: SqliteDatabase = openDatabase(dataDir);
  return {
    envStates: new EnvStateRepo(db),
    commandResults: new CommandResultRepo(db),
    settings: new SettingsRepo(db),
    alertAcks: new AlertAckRepo(db),
    connections: new ConnectionRepo(db),
    publications: new PublicationRepo(db),
    close: () => db.close(),
  };
}
