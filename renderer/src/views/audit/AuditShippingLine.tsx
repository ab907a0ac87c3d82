import { useQuery } from '@tanstack/react-query';
import { call, describeFailure } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';
import { auditKeys } from './audit-queries.js';
import { shippingLine } from './audit-shipping-line.js';

/** The queue drains on its own, with no event of its own: looked at again this often. */
const REFRESH_MS = 5_000;

/** One line, cut with an ellipsis and whole on hover, so a long error never moves the trail below it. */
export function AuditShippingLine() {
  const client = useOpsClient();
  // Under the audit root: a reconnect refetches it with the list.
  const shipping = useQuery({ queryKey: [...auditKeys.all, 'audit.shipping'], queryFn: () => call(client, 'audit.shipping', {}), refetchInterval: REFRESH_MS });
  const text = shipping.isPending
    ? 'Looking at audit shipping…'
    : shipping.isError
      ? `Audit shipping could not be read: ${describeFailure(shipping.error)}`
      : shippingLine(shipping.data);
  const failing = shipping.data != null && (shipping.data.lastError !== null || shipping.data.problem !== null);
  return (
    <p className={`audit-shipping ${failing ? 'field-error' : 'muted'}`} role="status" title={text}>
      {text}
    </p>
  );
}
