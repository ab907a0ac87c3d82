import { afterEach, describe, expect, it } from 'vitest';
import { ElasticsearchFake } from '../support/fakes/elasticsearch-fake.js';

/** The fake's create API, as Elastic documents it: 201 "created" the first time, 409 version_conflict_engine_exception for an id already there. */

describe('Elasticsearch fake: PUT /<index>/_create/<id>', () => {
  let fake: ElasticsearchFake | null = null;
  afterEach(async () => {
    await fake?.close();
  });

  it('creates a document once and refuses the same id again, keeping the first', async () => {
    fake = await ElasticsearchFake.start({ apiKey: 'a2V5OnNlY3JldA==' });
    const put = (body: unknown) =>
      fetch(`${fake!.url}/audit/_create/abc`, { method: 'PUT', headers: { Authorization: 'ApiKey a2V5OnNlY3JldA==', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const first = await put({ n: 1 });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ _index: 'audit', _id: 'abc', _version: 1, result: 'created' });
    const again = await put({ n: 2 });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ status: 409, error: { type: 'version_conflict_engine_exception', root_cause: [{ type: 'version_conflict_engine_exception' }] } });
    expect(fake.documentsOf('audit')).toEqual([{ id: 'abc', source: { n: 1 } }]);
  });
});
