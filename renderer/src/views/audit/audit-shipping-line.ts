import type { AuditShipping } from '../../../../shared/contract/audit.js';
import { formatCount } from '../../time/format.js';

/** How the target keeps a row sent twice: Elasticsearch refuses a second document of the same id, syslog has no such thing. */
const DELIVERY: Record<AuditShipping['type'], string> = {
  elasticsearch: "exactly once by the row's hash",
  syslog: "at least once: a receiver drops repeats by the row's hash",
};

/** The Audit view's one line on shipping: where rows go, how they arrive, how many wait and why the last try failed. */
export function shippingLine(shipping: AuditShipping | null): string {
  if (shipping === null) return 'Rows stay on this workstation: the fleet file ships them nowhere (audit.ship).';
  if (shipping.problem !== null) return `Not shipping to ${shipping.target}: ${shipping.problem}.`;
  const waiting = `${formatCount(shipping.waiting)} ${shipping.waiting === 1 ? 'row waits' : 'rows wait'}`;
  const error = shipping.lastError === null ? '' : `; the last try failed (${formatCount(shipping.lastError.attempts)} so far): ${shipping.lastError.message}`;
  return `Shipped to ${shipping.target}, ${DELIVERY[shipping.type]}. ${waiting}${error}.`;
}
