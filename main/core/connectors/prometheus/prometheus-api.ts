import { z } from 'zod';
import type { BackendClient } from '../../http/backend-client.js';
import { IsoTime, LabelSet, identify, parseAnswer } from './answer.js';

/** The parts of the Prometheus HTTP API (docs/querying/api.md) the connector reads, each answer checked by a schema. */

/** Above this, a query goes as a POST form: proxies in front of Prometheus often cap URLs at a few KB. */
const LONG_QUERY_CHARS = 2000;

/** Sample values are text: a float, or NaN, +Inf, -Inf. */
const SampleValue = z.string().transform((text, ctx) => {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) {
    ctx.addIssue({ code: 'custom', message: `expected a sample value, got "${text.slice(0, 40)}"` });
    return z.NEVER;
  }
  return value;
});

/** [unix seconds, value] */
const Sample = z.tuple([z.number(), SampleValue]);

const Vector = z.object({
  resultType: z.literal('vector', { error: 'expected an instant vector (one series per host)' }),
  result: z.array(z.object({ metric: LabelSet, value: Sample })),
});
export type VectorSeries = z.infer<typeof Vector>['result'][number];

const Matrix = z.object({
  resultType: z.literal('matrix', { error: 'expected a range vector' }),
  result: z.array(z.object({ metric: LabelSet, values: z.array(Sample) })),
});
export type MatrixSeries = z.infer<typeof Matrix>['result'][number];

const AlertList = z.object({
  alerts: z.array(
    z.object({
      labels: LabelSet,
      annotations: LabelSet.default({}),
      state: z.string(),
      activeAt: IsoTime,
    }),
  ),
});
export type RuleAlert = z.infer<typeof AlertList>['alerts'][number];

const TargetList = z.object({ activeTargets: z.array(z.object({ health: z.string() })) });
const RuleGroups = z.object({ groups: z.array(z.object({ rules: z.array(z.object({ type: z.string() })) })) });
const BuildInfo = z.object({ version: z.string().min(1) });

/** Every answer: `{status: "success", data}`; errors come as non-2xx statuses, which the client turns into ConnectorErrors. */
function success<S extends z.ZodType>(data: S): z.ZodType<{ status: 'success'; data: z.output<S> }> {
  // The cast only spells out what zod infers for a generic S: `data` is required, as S is.
  return z.object({ status: z.literal('success'), data }) as unknown as z.ZodType<{ status: 'success'; data: z.output<S> }>;
}

export class PrometheusApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Prometheus "prom-apac"`. */
    readonly label: string,
  ) {}

  async instant(query: string, signal: AbortSignal): Promise<VectorSeries[]> {
    return (await this.read('/api/v1/query', { query }, Vector, signal)).result;
  }

  async range(query: string, startSeconds: number, endSeconds: number, stepSeconds: number, signal: AbortSignal): Promise<MatrixSeries[]> {
    const params = { query, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) };
    return (await this.read('/api/v1/query_range', params, Matrix, signal)).result;
  }

  async alerts(signal: AbortSignal): Promise<RuleAlert[]> {
    return (await this.read('/api/v1/alerts', {}, AlertList, signal)).alerts;
  }

  async targets(signal: AbortSignal): Promise<Array<{ health: string }>> {
    return (await this.read('/api/v1/targets', { state: 'active' }, TargetList, signal)).activeTargets;
  }

  async alertRuleCount(signal: AbortSignal): Promise<number> {
    const { groups } = await this.read('/api/v1/rules', { type: 'alert' }, RuleGroups, signal);
    return groups.reduce((count, group) => count + group.rules.filter((rule) => rule.type === 'alerting').length, 0);
  }

  /** The server's version; `wrong-kind` when it is not Prometheus. */
  async version(signal: AbortSignal): Promise<string> {
    const path = '/api/v1/status/buildinfo';
    const info = await identify(this.read(path, {}, BuildInfo, signal, 'wrong-kind'), 'Prometheus', `${this.label} ${path}`);
    return info.version;
  }

  private async read<S extends z.ZodType>(
    path: string,
    params: Record<string, string>,
    schema: S,
    signal: AbortSignal,
    failure: 'malformed' | 'wrong-kind' = 'malformed',
  ): Promise<z.output<S>> {
    const long = Object.values(params).reduce((chars, value) => chars + value.length, 0) > LONG_QUERY_CHARS;
    // Queries are reads whether sent as GET or POST, so both are safe to retry.
    const response = await this.client.json(
      long ? { method: 'POST', path, form: params, signal, idempotent: true } : { method: 'GET', path, query: params, signal },
    );
    const what = `${this.label} ${path}`;
    // One schema for the envelope and its data, so an error names the field from the top (`data.alerts[0].state`).
    return parseAnswer(success(schema), response.body, what, failure).data;
  }
}
