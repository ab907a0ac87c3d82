import { describe, expect, it } from 'vitest';
import { AuditShipping } from '../../../main/core/audit/audit-shipping.js';
import { AuditRepo } from '../../../main/core/store/audit-repo.js';
import { AuditShipRepo } from '../../../main/core/store/audit-ship-repo.js';
import { openDatabase } from '../../../main/core/store/database.js';
import { useTempDirs } from '../../support/temp.js';

/** What audit.shipping says when shipping is not configured, or cannot start. */

const row = { at: 1_000, who: 'ops', host: 'desktop' as const, action: 'deploy', target: 'acme-prod', why: null, result: 'succeeded' as const, detail: '', deploymentId: null };

describe('audit shipping from the fleet file', () => {
  const tempDir = useTempDirs();

  it('is null without audit.ship, and names the backend that has no URL instead of shipping', async () => {
    const db = openDatabase(tempDir());
    new AuditRepo(db).append(row);
    const logged: string[] = [];
    const shipping = new AuditShipping({ queue: new AuditShipRepo(db), now: () => 2_000, log: (line) => logged.push(line), elasticsearchClient: () => null });
    shipping.configure(undefined);
    expect(shipping.state()).toBeNull();

    shipping.configure({ type: 'elasticsearch', backend: 'central-logs', index: 'watchfloor-audit' });
    expect(shipping.state()).toEqual({
      type: 'elasticsearch',
      target: 'Elasticsearch "central-logs", index watchfloor-audit',
      problem: 'the Elasticsearch backend "central-logs" has no URL yet: add it in Settings',
      waiting: 1,
      lastShipped: null,
      lastError: null,
    });
    expect(logged).toEqual(['audit shipping: the Elasticsearch backend "central-logs" has no URL yet: add it in Settings']);

    shipping.configure(undefined);
    expect(shipping.state()).toBeNull();
    await shipping.stop();
    db.close();
  });
});
