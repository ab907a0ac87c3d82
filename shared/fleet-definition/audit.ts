import { z } from 'zod';
import { strictObject } from '../contract/strict-object.js';
import { Id } from './ids.js';

/**
 * Where each audit row is shipped so the team's trail outlives one workstation: an index of one of
 * the fleet's Elasticsearch backends (exactly once: the row's chain hash is its document id), or a
 * syslog receiver over TCP (RFC 5424, octet counting; at least once, the hash the dedup key).
 */
const ElasticsearchShip = strictObject({
  type: z.literal('elasticsearch'),
  backend: Id.describe('an elasticsearch backend of this file'),
  // Elasticsearch's index name rules: lowercase, none of \ / * ? " < > | , # space, not starting with - _ +, not . or ..
  index: z
    .string()
    .regex(/^(?![-_+.])[a-z0-9][^A-Z\\/*?"<>|,# ]*$/, 'expected an Elasticsearch index name: lowercase, not starting with - _ + or ., and none of \\ / * ? " < > | , # or a space')
    .max(255)
    .describe('the index the rows are written to'),
});

const SyslogShip = strictObject({
  type: z.literal('syslog'),
  host: z.string().min(1, 'expected the syslog receiver\'s host name or address').max(253),
  port: z.number().int().min(1, 'expected a TCP port from 1 to 65535').max(65535, 'expected a TCP port from 1 to 65535'),
});

export const AuditShipTarget = z.discriminatedUnion('type', [ElasticsearchShip, SyslogShip]);
export type AuditShipTarget = z.infer<typeof AuditShipTarget>;

export const AuditDefinition = strictObject({
  ship: AuditShipTarget.optional().describe("the team's central log every audit row is shipped to; absent, the trail stays on this workstation"),
});
export type AuditDefinition = z.infer<typeof AuditDefinition>;
