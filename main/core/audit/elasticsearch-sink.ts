import type { ChainedAuditEntry } from '../../../shared/contract/audit.js';
import type { ElasticsearchApi } from '../connectors/elasticsearch/elasticsearch-api.js';
import type { AuditSink } from './audit-shipper.js';

/**
 * Writes audit rows to an Elasticsearch index exactly once: the row's chain hash is its document
 * id and the write is a create, so a row sent again (a lost answer, a restart before it was marked
 * shipped) finds itself already there instead of making a second document.
 */
export class ElasticsearchSink implements AuditSink {
  private readonly closed = new AbortController();

  constructor(
    private readonly api: ElasticsearchApi,
    private readonly index: string,
  ) {}

  async ship(row: ChainedAuditEntry): Promise<void> {
    await this.api.createDocument(this.index, row.hash, { ...row, '@timestamp': new Date(row.at).toISOString() }, this.closed.signal);
  }

  close(): void {
    this.closed.abort();
  }
}
