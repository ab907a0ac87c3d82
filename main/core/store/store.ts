import { AlertAckRepo } from './alert-ack-repo.js';
import { AuditRepo } from './audit-repo.js';
import { CommandResultRepo } from './command-result-repo.js';
import { ConnectionRepo } from './connection-repo.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { DeploymentRepo } from './deployment-repo.js';
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
  readonly deployments: DeploymentRepo;
  readonly audit: AuditRepo;
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
    deployments: new DeploymentRepo(db),
    audit: new AuditRepo(db),
    close: () => db.close(),
  };
}
