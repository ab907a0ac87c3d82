import { AlertAckRepo } from './alert-ack-repo.js';
import { AuditRepo } from './audit-repo.js';
import { AuditShipRepo } from './audit-ship-repo.js';
import { CommandResultRepo } from './command-result-repo.js';
import { ConnectionRepo } from './connection-repo.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReplacedStore, type StoreStatus } from '../../../shared/contract/store-status.js';
import { openDatabase, REPLACED_STORE_KEY, STORE_FILE, type SqliteDatabase } from './database.js';
import { damageFoundIn } from './statements.js';
import { DeploymentRepo } from './deployment-repo.js';
import { EnvStateRepo } from './env-state-repo.js';
import { IncidentRepo } from './incident-repo.js';
import { OutboxRepo } from './outbox-repo.js';
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
  readonly auditShip: AuditShipRepo;
  readonly incidents: IncidentRepo;
  readonly outbox: OutboxRepo;
  /** The store's file, whether it replaced a damaged one whose kept copy is still there, and damage found since. */
  status(): StoreStatus;
  close(): void;
}

export function openStore(dataDir: string, now: () => number = Date.now): Store {
  const db: SqliteDatabase = openDatabase(dataDir, now);
  const settings = new SettingsRepo(db);
  const file = resolve(dataDir, STORE_FILE);
  return {
    envStates: new EnvStateRepo(db),
    commandResults: new CommandResultRepo(db),
    settings,
    alertAcks: new AlertAckRepo(db),
    connections: new ConnectionRepo(db),
    publications: new PublicationRepo(db),
    deployments: new DeploymentRepo(db),
    audit: new AuditRepo(db),
    auditShip: new AuditShipRepo(db),
    incidents: new IncidentRepo(db),
    outbox: new OutboxRepo(db),
    status: () => {
      const replaced = settings.get(REPLACED_STORE_KEY, ReplacedStore) ?? null;
      return { file, replaced: replaced && existsSync(replaced.keptAs) ? replaced : null, damaged: damageFoundIn(db) };
    },
    close: () => db.close(),
  };
}
