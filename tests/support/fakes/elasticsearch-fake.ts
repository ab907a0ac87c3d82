import { FakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http.js';

/**
 * A local Elasticsearch that follows the published specification
 * (elastic/elasticsearch-specification) for what Watchfloor uses: `GET /` (RootNodeInfoResponse)
 * `PUT|POST /{index}/_create/{id}` (201 `result: created`; an id already there is 409
 * version_conflict_engine_exception, "document already exists"),
 * and `GET|POST /{index}/_search` (SearchResponse), with `Authorization: ApiKey <base64(id:key)>`
 * and ErrorResponseBase bodies (`{error: {type, reason, root_cause}, status}`). The query DSL
 * covers match_all, bool (filter, must, must_not), range on dates, term, terms and
 * query_string made of `field:value` clauses joined by AND; anything else is a parsing_exception.
 */

export interface ElasticsearchFakeOptions {
  /** The encoded API key (base64 of `id:key`), as Kibana shows it. */
  apiKey: string;
  version?: string;
}

export type FakeDocument = Record<string, unknown>;

interface Stored {
  index: string;
  id: string;
  source: FakeDocument;
}

class SearchError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

function errorReply(status: number, type: string, reason: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): FakeReply {
  const cause = { type, reason, ...extra };
  return { status, headers, body: { error: { root_cause: [cause], ...cause }, status } };
}

const AUTHENTICATE = { 'WWW-Authenticate': 'ApiKey, Basic realm="security", charset="UTF-8"' };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A field of a document, nested or dotted, as a list of values (a field may hold an array). */
function valuesOf(source: Record<string, unknown>, field: string): unknown[] {
  const found: unknown[] = [];
  if (field in source) found.push(source[field]);
  for (let dot = field.indexOf('.'); dot !== -1; dot = field.indexOf('.', dot + 1)) {
    const head = source[field.slice(0, dot)];
    if (isObject(head)) found.push(...valuesOf(head, field.slice(dot + 1)));
  }
  return found.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** Dates as ES reads them in a range: epoch millis (number or string), an ISO date, or `now-15m`. */
function dateOf(value: unknown, format: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  if (format === 'epoch_millis' && /^\d+$/.test(value)) return Number(value);
  const math = /^now(?:-(\d+)([smhd]))?$/.exec(value);
  if (math) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[math[2] ?? 's'] ?? 1000;
    return Date.now() - Number(math[1] ?? 0) * unit;
  }
  return Date.parse(value);
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export class ElasticsearchFake {
  private readonly documents: Stored[] = [];
  private nextId = 1;

  readonly http = new FakeHttpServer((request) => this.answer(request), { 'X-elastic-product': 'Elasticsearch' });

  private constructor(private readonly options: ElasticsearchFakeOptions) {}

  static async start(options: ElasticsearchFakeOptions): Promise<ElasticsearchFake> {
    const fake = new ElasticsearchFake(options);
    await fake.http.listen();
    return fake;
  }

  get url(): string {
    return this.http.url;
  }

  /** Indexes documents as they are, dotted keys and all. */
  index(name: string, ...documents: FakeDocument[]): this {
    for (const source of documents) this.documents.push({ index: name, id: String(this.nextId++), source });
    return this;
  }

  /** The documents of an index as the backend holds them, in the order they were written: what a test counts. */
  documentsOf(index: string): Array<{ id: string; source: FakeDocument }> {
    return this.documents.filter((stored) => stored.index === index).map(({ id, source }) => ({ id, source }));
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private answer(request: RecordedRequest): FakeReply {
    const auth = request.headers.authorization;
    if (auth === undefined) {
      return errorReply(401, 'security_exception', `missing authentication credentials for REST request [${request.path}]`, { header: AUTHENTICATE }, AUTHENTICATE);
    }
    if (auth !== `ApiKey ${this.options.apiKey}`) {
      return errorReply(401, 'security_exception', 'unable to authenticate with provided credentials and anonymous access is not allowed for this request', { header: AUTHENTICATE }, AUTHENTICATE);
    }
    if (request.path === '/' && request.method === 'GET') return this.info();
    const create = /^\/([^/]+)\/_create\/([^/]+)$/.exec(request.path);
    if (create && (request.method === 'PUT' || request.method === 'POST')) return this.create(decodeURIComponent(create[1] ?? ''), decodeURIComponent(create[2] ?? ''), request.body);
    const search = /^\/([^/]+)\/_search$/.exec(request.path);
    if (search && (request.method === 'GET' || request.method === 'POST')) {
      try {
        return this.search(decodeURIComponent(search[1] ?? ''), request.body);
      } catch (error) {
        if (error instanceof SearchError) return errorReply(error.status, error.type, error.message, error.extra);
        throw error;
      }
    }
    return { status: 400, body: { error: `no handler found for uri [${request.path}] and method [${request.method}]`, status: 400 } };
  }

  private create(index: string, id: string, text: string): FakeReply {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorReply(400, 'parse_exception', 'request body is required');
    }
    if (!isObject(body)) return errorReply(400, 'parse_exception', 'request body is required');
    if (this.documents.some((stored) => stored.index === index && stored.id === id)) {
      return errorReply(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [1])`, {
        index_uuid: 'f4k3f4k3f4k3f4k3f4k3fw',
        shard: '0',
        index,
      });
    }
    this.documents.push({ index, id, source: body });
    const seqNo = this.documents.filter((stored) => stored.index === index).length - 1;
    return {
      status: 201,
      headers: { Location: `/${index}/_doc/${id}` },
      body: { _index: index, _id: id, _version: 1, result: 'created', _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: seqNo, _primary_term: 1 },
    };
  }

  private info(): FakeReply {
    return {
      status: 200,
      body: {
        name: 'fake-node-0',
        cluster_name: 'watchfloor-fake',
        cluster_uuid: 'f4k3f4k3f4k3f4k3f4k3fw',
        version: {
          number: this.options.version ?? '8.15.0',
          build_flavor: 'default',
          build_type: 'docker',
          build_hash: '0000000000000000000000000000000000000000',
          build_date: '2026-01-01T00:00:00.000Z',
          build_snapshot: false,
          lucene_version: '9.11.1',
          minimum_wire_compatibility_version: '7.17.0',
          minimum_index_compatibility_version: '7.0.0',
        },
        tagline: 'You Know, for Search',
      },
    };
  }

  private search(indexExpression: string, text: string): FakeReply {
    const started = Date.now();
    const patterns = indexExpression.split(',');
    for (const pattern of patterns) {
      if (!pattern.includes('*') && !this.documents.some((doc) => doc.index === pattern)) {
        throw new SearchError(404, 'index_not_found_exception', `no such index [${pattern}]`, {
          'resource.type': 'index_or_alias',
          'resource.id': pattern,
          index_uuid: '_na_',
          index: pattern,
        });
      }
    }
    let body: Record<string, unknown> = {};
    if (text.trim() !== '') {
      const parsed: unknown = (() => {
        try {
          return JSON.parse(text);
        } catch {
          throw new SearchError(400, 'parse_exception', 'request body is required to be valid JSON');
        }
      })();
      if (!isObject(parsed)) throw new SearchError(400, 'parse_exception', 'request body must be an object');
      body = parsed;
    }
    const indexes = patterns.map(wildcard);
    const query = body.query ?? { match_all: {} };
    const matching = this.documents.filter((doc) => indexes.some((re) => re.test(doc.index)) && this.matches(doc.source, query));
    const sort = this.sortOf(body.sort);
    const sorted = sort.length === 0 ? matching : [...matching].sort((a, b) => this.compare(a, b, sort));
    const size = typeof body.size === 'number' ? body.size : 10;
    const from = typeof body.from === 'number' ? body.from : 0;
    return {
      status: 200,
      body: {
        took: Date.now() - started,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: {
          ...(body.track_total_hits === false ? {} : { total: { value: matching.length, relation: 'eq' } }),
          max_score: sort.length === 0 ? (matching.length > 0 ? 1 : null) : null,
          hits: sorted.slice(from, from + size).map((doc) => ({
            _index: doc.index,
            _id: doc.id,
            _score: sort.length === 0 ? 1 : null,
            _source: doc.source,
            ...(sort.length === 0 ? {} : { sort: sort.map(({ field }) => this.sortValue(doc, field)) }),
          })),
        },
      },
    };
  }

  private sortOf(sort: unknown): Array<{ field: string; order: 'asc' | 'desc' }> {
    if (sort === undefined) return [];
    const entries = Array.isArray(sort) ? sort : [sort];
    return entries.map((entry) => {
      if (typeof entry === 'string') return { field: entry, order: 'asc' as const };
      if (!isObject(entry)) throw new SearchError(400, 'parsing_exception', 'malformed sort');
      const [field, spec] = Object.entries(entry)[0] ?? [];
      const order = typeof spec === 'string' ? spec : isObject(spec) ? spec.order : 'asc';
      if (field === undefined || (order !== 'asc' && order !== 'desc')) throw new SearchError(400, 'parsing_exception', 'malformed sort');
      return { field, order };
    });
  }

  /** Dates sort (and come back in `sort`) as epoch millis, as Elasticsearch does for date fields. */
  private sortValue(doc: Stored, field: string): number | string | null {
    const value = valuesOf(doc.source, field)[0];
    if (field === '@timestamp' || field.endsWith('timestamp')) {
      const ms = dateOf(value, undefined);
      return Number.isNaN(ms) ? null : ms;
    }
    return typeof value === 'number' || typeof value === 'string' ? value : null;
  }

  private compare(a: Stored, b: Stored, sort: ReadonlyArray<{ field: string; order: 'asc' | 'desc' }>): number {
    for (const { field, order } of sort) {
      const x = this.sortValue(a, field);
      const y = this.sortValue(b, field);
      if (x === y) continue;
      // Missing values sort last either way, as `missing: _last` does by default.
      if (x === null) return 1;
      if (y === null) return -1;
      const diff = x < y ? -1 : 1;
      return order === 'asc' ? diff : -diff;
    }
    return 0;
  }

  private matches(source: FakeDocument, query: unknown): boolean {
    if (!isObject(query)) throw new SearchError(400, 'parsing_exception', 'query malformed, must start with start_object');
    const [type, spec] = Object.entries(query)[0] ?? [];
    switch (type) {
      case 'match_all':
        return true;
      case 'bool': {
        if (!isObject(spec)) throw new SearchError(400, 'parsing_exception', '[bool] query malformed');
        const list = (clauses: unknown) => (clauses === undefined ? [] : Array.isArray(clauses) ? clauses : [clauses]);
        return (
          [...list(spec.filter), ...list(spec.must)].every((clause) => this.matches(source, clause)) &&
          !list(spec.must_not).some((clause) => this.matches(source, clause))
        );
      }
      case 'range': {
        const [field, bounds] = isObject(spec) ? (Object.entries(spec)[0] ?? []) : [];
        if (field === undefined || !isObject(bounds)) throw new SearchError(400, 'parsing_exception', '[range] query malformed');
        return valuesOf(source, field).some((value) => {
          const ms = dateOf(value, undefined);
          const at = (bound: unknown) => dateOf(bound, bounds.format);
          return (
            !Number.isNaN(ms) &&
            (bounds.gte === undefined || ms >= at(bounds.gte)) &&
            (bounds.gt === undefined || ms > at(bounds.gt)) &&
            (bounds.lte === undefined || ms <= at(bounds.lte)) &&
            (bounds.lt === undefined || ms < at(bounds.lt))
          );
        });
      }
      case 'term': {
        const [field, wanted] = isObject(spec) ? (Object.entries(spec)[0] ?? []) : [];
        if (field === undefined) throw new SearchError(400, 'parsing_exception', '[term] query malformed');
        const value = isObject(wanted) ? wanted.value : wanted;
        return valuesOf(source, field).some((candidate) => candidate === value);
      }
      case 'terms': {
        const [field, wanted] = isObject(spec) ? (Object.entries(spec)[0] ?? []) : [];
        if (field === undefined || !Array.isArray(wanted)) throw new SearchError(400, 'parsing_exception', '[terms] query does not support [values]');
        return valuesOf(source, field).some((candidate) => wanted.includes(candidate));
      }
      case 'query_string': {
        const text = isObject(spec) ? spec.query : undefined;
        if (typeof text !== 'string') throw new SearchError(400, 'parsing_exception', '[query_string] requires query');
        return this.queryString(source, text);
      }
      default:
        throw new SearchError(400, 'parsing_exception', `unknown query [${type ?? ''}]`);
    }
  }

  private queryString(source: FakeDocument, text: string): boolean {
    return text.split(/\s+AND\s+/).every((clause) => {
      const match = /^([\w.@-]+):(?:"([^"]*)"|([^\s"()]+))$/.exec(clause.trim());
      if (!match) throw new SearchError(400, 'query_shard_exception', `Failed to parse query [${text}]`);
      const field = match[1] ?? '';
      const wanted = match[2] ?? match[3] ?? '';
      const re = wildcard(wanted);
      return valuesOf(source, field).some((value) => (typeof value === 'string' || typeof value === 'number') && re.test(String(value)));
    });
  }
}

/** Starts an Elasticsearch fake on 127.0.0.1 with a free port; seed it with index(). */
export function startElasticsearchFake(options: ElasticsearchFakeOptions): Promise<ElasticsearchFake> {
  return ElasticsearchFake.start(options);
}
