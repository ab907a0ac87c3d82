import { z } from 'zod';
import { IsoTime, LabelSet } from '../prometheus/answer.js';

/** Answers of the Alertmanager API v2 (api/v2/openapi.yaml in prometheus/alertmanager). */

const Matcher = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});

export const GettableAlerts = z.array(
  z.object({
    labels: LabelSet,
    annotations: LabelSet,
    fingerprint: z.string().min(1),
    startsAt: IsoTime,
    status: z.object({
      state: z.enum(['unprocessed', 'active', 'suppressed']),
      silencedBy: z.array(z.string()),
      inhibitedBy: z.array(z.string()),
    }),
  }),
);

export const GettableSilence = z.object({
  id: z.string().min(1),
  status: z.object({ state: z.enum(['expired', 'active', 'pending']) }),
  matchers: z.array(Matcher),
  startsAt: IsoTime,
  endsAt: IsoTime,
  createdBy: z.string(),
  comment: z.string(),
});

export const GettableSilences = z.array(GettableSilence);

export const SilenceCreated = z.object({ silenceID: z.string().min(1) });

export const AlertmanagerStatus = z.object({
  versionInfo: z.object({ version: z.string().min(1) }),
  cluster: z.object({ status: z.enum(['ready', 'settling', 'disabled']) }),
});
