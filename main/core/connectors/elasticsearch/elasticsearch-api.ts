import { z } from 'zod';
import { ConnectorError, type BackendClient } from '../../http/backend-client.js';
import { identify, parseAnswer } from '../prometheus/answer.js';

/**
 * Elasticsearch answers as the published specification describes them
 * (elastic/elasticsearch-specification: RootNodeInfoResponse, SearchResponse), reduced to the
 * fields the console reads.
 */

/** The tagline every Elasticsearch node has answered `GET /` with since 1.0. */
const TAGLINE = 'You Know, for Search';

/** `GET /` (RootNodeInfoResponse). */
const RootNodeInfo = z.object({
  tagline: z.string(),
  version: z.object({ number: z.string().min(1), distribution: z.string().optional() }),
});

/** One hit of `_search`; `_source` is the document as indexed, `sort` its sort values. */
const Hit = z.object({
  _index: z.string(),
  _id: z.string(),
  _source: z.record(z.string(), z.unknown()).optional(),
  sort: z.array(z.unknown()).optional(),
});
export type Hit = z.infer<typeof Hit>;

/** `POST /{index}/_search` (SearchResponse); `hits.total` is an object or, with rest_total_hits_as_int, a number. */
const SearchAnswer = z.object({
  timed_out: z.boolean(),
  hits: z.object({ hits: z.array(Hit) }),
});

export class ElasticsearchApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Elasticsearch "logs"`. */
    readonly label: string,
  ) {}

  /** The version of the node; `wrong-kind` when the server is not Elasticsearch. */
  async version(signal: AbortSignal): Promise<string> {
    const what = `${this.label} GET /`;
    const info = await identify(
      this.client.json({ path: '/', signal }).then((response) => parseAnswer(RootNodeInfo, response.body, what)),
      'Elasticsearch',
      what,
    );
    if (info.tagline !== TAGLINE || info.version.distribution === 'opensearch') {
      throw new ConnectorError('wrong-kind', `${what}: this server is not Elasticsearch (it says "${info.tagline.slice(0, 80)}")`);
    }
    return info.version.number;
  }

  /**
   * Writes a document under an id of our choosing only if none has it (`PUT /{index}/_create/{id}`,
   * op_type=create): sent again after a lost answer, it is refused with 409 version_conflict,
   * which means the document is already there, so it is safe to retry.
   */
  async createDocument(index: string, id: string, document: Record<string, unknown>, signal: AbortSignal): Promise<'created' | 'already-there'> {
    const path = `/${encodeURIComponent(index)}/_create/${encodeURIComponent(id)}`;
    try {
      await this.client.json({ method: 'PUT', path, body: document, signal, idempotent: true });
      return 'created';
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 409) return 'already-there';
      throw error;
    }
  }

  /** A search in one index pattern (comma-separated patterns allowed); a read, so safe to retry. */
  async search(index: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Hit[]> {
    const path = `/${encodeURIComponent(index)}/_search`;
    const response = await this.client.json({ method: 'POST', path, body, signal, idempotent: true });
    return parseAnswer(SearchAnswer, response.body, `${this.label} POST ${path}`).hits.hits;
  }
}
