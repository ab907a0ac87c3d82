import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Confluence Cloud that follows Atlassian's published OpenAPI of the REST API v2
 * (openapi-v2.v3.json), for what Watchfloor uses: `GET /wiki/api/v2/spaces?ids=`, pages
 * (`POST /wiki/api/v2/pages`, `GET`/`PUT /wiki/api/v2/pages/{id}` with `body-format=storage` and
 * `version.number` the current one plus one, else 409), `GET …/pages/{id}/children` paged by a
 * cursor in `_links.next`, and content properties (`GET`/`POST …/pages/{id}/properties`). Basic
 * auth with an account email and API token; errors are v2's
 * `{"errors": [{"status", "code", "title", "detail"}]}`; a title is unique in a space; a storage
 * body must be well-formed XHTML with XML's entities only (what Confluence refuses otherwise).
 */

export interface ConfluenceFakeOptions {
  email: string;
  apiToken: string;
  spaceId: string;
  /** The parent page the reviews go under, made at start. */
  parentId: string;
  /** The most children a page of the list holds. */
  pageCap?: number;
}

export interface FakePage {
  id: string;
  spaceId: string;
  parentId: string | null;
  title: string;
  body: string;
  version: number;
  properties: Map<string, unknown>;
}

class ConfluenceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
  ) {
    super(title);
  }
}

/** Whether a storage body is well-formed: balanced tags, and only XML's entities or character references. */
export function storageProblem(body: string): string | null {
  const stack: string[] = [];
  const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '&' && !entity.test(body.slice(index))) return `unescaped "&" at ${index}`;
    if (char !== '<') continue;
    const end = body.indexOf('>', index);
    if (end < 0) return `unclosed tag at ${index}`;
    const tag = body.slice(index + 1, end);
    if (/[<]/.test(tag)) return `"<" inside a tag at ${index}`;
    const name = /^\/?([A-Za-z][\w:-]*)/.exec(tag)?.[1];
    if (!name) return `not a tag at ${index}`;
    if (tag.startsWith('/')) {
      if (stack.pop() !== name) return `</${name}> closes nothing open at ${index}`;
    } else if (!tag.endsWith('/')) {
      stack.push(name);
    }
    index = end;
  }
  return stack.length === 0 ? null : `<${stack.at(-1) ?? ''}> is never closed`;
}

export class ConfluenceFake {
  readonly http: FakeHttpServer;
  readonly pages: FakePage[] = [];
  private seq = 100_000;

  constructor(private readonly options: ConfluenceFakeOptions) {
    this.http = new FakeHttpServer((request) => this.handle(request));
    this.pages.push({ id: options.parentId, spaceId: options.spaceId, parentId: null, title: 'Incident reviews', body: '<p>Reviews</p>', version: 1, properties: new Map() });
  }

  async start(): Promise<this> {
    await this.http.listen();
    return this;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Pages under the parent that carry the property with the value. */
  reviewsOf(incidentId: string): FakePage[] {
    return this.pages.filter((page) => page.properties.get('watchfloor-incident') === incidentId);
  }

  private handle(request: RecordedRequest): FakeReply {
    try {
      this.authorise(request);
      return { status: 200, body: this.route(request) };
    } catch (error) {
      if (error instanceof ConfluenceRefusal) return { status: error.status, body: { errors: [{ status: error.status, code: error.code, title: error.title, detail: null }] } };
      throw error;
    }
  }

  private authorise(request: RecordedRequest): void {
    const expected = `Basic ${Buffer.from(`${this.options.email}:${this.options.apiToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) throw new ConfluenceRefusal(401, 'UNAUTHORIZED', 'Unauthorized; scope does not match');
  }

  private route(request: RecordedRequest): unknown {
    const { method, path } = request;
    if (method === 'GET' && path === '/wiki/api/v2/spaces') {
      const ids = (request.query.get('ids') ?? '').split(',');
      return { results: ids.includes(this.options.spaceId) ? [{ id: this.options.spaceId, key: 'OPS', name: 'Operations' }] : [], _links: {} };
    }
    if (method === 'POST' && path === '/wiki/api/v2/pages') return this.view(this.create(this.json(request)), true);
    const match = /^\/wiki\/api\/v2\/pages\/([^/]+)(\/children|\/properties)?$/.exec(path);
    if (!match) throw new ConfluenceRefusal(404, 'NOT_FOUND', `No route for ${method} ${path}`);
    const page = this.page(match[1] ?? '');
    const rest = match[2];
    if (rest === undefined && method === 'GET') return this.view(page, request.query.get('body-format') === 'storage');
    if (rest === undefined && method === 'PUT') return this.view(this.update(page, this.json(request)), true);
    if (rest === '/children' && method === 'GET') return this.children(page, request);
    if (rest === '/properties' && method === 'GET') {
      const key = request.query.get('key');
      const results = [...page.properties].filter(([name]) => key === null || name === key).map(([name, value], index) => ({ id: `${page.id}${index}`, key: name, value, version: { number: 1 } }));
      return { results, _links: {} };
    }
    if (rest === '/properties' && method === 'POST') {
      const body = this.json(request);
      if (typeof body.key !== 'string' || body.key === '') throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', 'Property key is required');
      if (page.properties.has(body.key)) throw new ConfluenceRefusal(409, 'CONFLICT', `A property with key '${body.key}' already exists for this content`);
      page.properties.set(body.key, body.value);
      return { id: `${page.id}${page.properties.size}`, key: body.key, value: body.value, version: { number: 1 } };
    }
    throw new ConfluenceRefusal(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`);
  }

  private json(request: RecordedRequest): Record<string, unknown> {
    const body = parseJson(request.body);
    if (!isRecord(body)) throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', 'Request body is not a JSON object');
    return body;
  }

  private page(id: string): FakePage {
    const page = this.pages.find((candidate) => candidate.id === id);
    if (!page) throw new ConfluenceRefusal(404, 'NOT_FOUND', `Page ${id} not found`);
    return page;
  }

  private storage(body: unknown): string {
    if (!isRecord(body) || body.representation !== 'storage' || typeof body.value !== 'string') throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', 'body.representation must be storage with a string value');
    const problem = storageProblem(body.value);
    if (problem) throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', `Error parsing xhtml: ${problem}`);
    return body.value;
  }

  private create(body: Record<string, unknown>): FakePage {
    if (body.spaceId !== this.options.spaceId) throw new ConfluenceRefusal(404, 'NOT_FOUND', `Space ${String(body.spaceId)} not found`);
    if (typeof body.title !== 'string' || body.title.trim() === '') throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', 'Title is required');
    if (typeof body.parentId === 'string') this.page(body.parentId);
    const title = body.title;
    if (this.pages.some((page) => page.title === title)) throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', 'A page with this title already exists: A page already exists with the same TITLE in this space');
    this.seq += 1;
    const page: FakePage = { id: String(this.seq), spaceId: this.options.spaceId, parentId: typeof body.parentId === 'string' ? body.parentId : null, title, body: this.storage(body.body), version: 1, properties: new Map() };
    this.pages.push(page);
    return page;
  }

  private update(page: FakePage, body: Record<string, unknown>): FakePage {
    const version = isRecord(body.version) ? body.version.number : undefined;
    if (version !== page.version + 1) throw new ConfluenceRefusal(409, 'CONFLICT', `Version must be incremented on update. Current version is: ${page.version}`);
    if (typeof body.title !== 'string' || body.title.trim() === '') throw new ConfluenceRefusal(400, 'INVALID_REQUEST_PARAMETER', 'Title is required');
    page.body = this.storage(body.body);
    page.title = body.title;
    page.version = version;
    return page;
  }

  private children(page: FakePage, request: RecordedRequest): unknown {
    const all = this.pages.filter((child) => child.parentId === page.id);
    const start = Number(request.query.get('cursor') ?? '0');
    const limit = Math.min(Number(request.query.get('limit') ?? '25'), this.options.pageCap ?? 250);
    const results = all.slice(start, start + limit).map((child) => ({ id: child.id, status: 'current', title: child.title, spaceId: child.spaceId }));
    const next = start + limit < all.length ? `/wiki/api/v2/pages/${page.id}/children?cursor=${start + limit}&limit=${limit}` : undefined;
    return { results, _links: next ? { next } : {} };
  }

  private view(page: FakePage, withBody: boolean): unknown {
    return {
      id: page.id,
      status: 'current',
      title: page.title,
      spaceId: page.spaceId,
      parentId: page.parentId,
      version: { number: page.version, message: '', minorEdit: false },
      ...(withBody ? { body: { storage: { representation: 'storage', value: page.body } } } : {}),
      _links: { webui: `/spaces/OPS/pages/${page.id}`, editui: `/pages/resumedraft.action?draftId=${page.id}`, tinyui: `/x/${page.id}` },
    };
  }
}
