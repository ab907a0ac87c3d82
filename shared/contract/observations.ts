import { z } from 'zod';
import { CheckName } from './fleet.js';

/** What an environment's detail shows beyond its current checks: metric history and error logs. */

export const MetricRange = z.enum(['1h', '6h', '24h', '7d']);
export type MetricRange = z.infer<typeof MetricRange>;

export const MetricSeries = z.object({
  server: z.string(),
  /** [epoch ms, value], already downsampled to at most the requested number of points. */
  points: z.array(z.tuple([z.number(), z.number()])),
});
export type MetricSeries = z.infer<typeof MetricSeries>;

export const MetricHistory = z.object({
  environmentId: z.string(),
  check: CheckName,
  range: MetricRange,
  unit: z.string(),
  warning: z.number(),
  critical: z.number(),
  connectionId: z.string(),
  series: z.array(MetricSeries),
});
export type MetricHistory = z.infer<typeof MetricHistory>;

export const LogLine = z.object({
  at: z.number().int(),
  level: z.string(),
  message: z.string(),
  server: z.string().nullable(),
  service: z.string().nullable(),
});
export type LogLine = z.infer<typeof LogLine>;

export const RecentLogs = z.object({
  environmentId: z.string(),
  /** Null when no log source is bound to the environment. */
  connectionId: z.string().nullable(),
  since: z.number().int(),
  lines: z.array(LogLine),
});
export type RecentLogs = z.infer<typeof RecentLogs>;
