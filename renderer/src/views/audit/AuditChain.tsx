import { useMutation, useQuery } from '@tanstack/react-query';
import { call, describeFailure } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';
import { auditKeys } from './audit-queries.js';

/** Where the export is saved: the day in the name, so exports of several days sit side by side. */
function exportName(at: Date): string {
  return `watchfloor-audit-${at.toISOString().slice(0, 10)}.jsonl`;
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** Whether the trail's hash chain is intact (walked when the view opens and on demand: a long trail takes a moment), and its export as JSON Lines. */
export function AuditChain() {
  const client = useOpsClient();
  // Under the audit root: a reconnect refetches it with the list.
  const verification = useQuery({ queryKey: [...auditKeys.all, 'audit.verify'], queryFn: () => call(client, 'audit.verify', {}) });
  const exporting = useMutation({
    mutationFn: () => call(client, 'audit.export', {}),
    onSuccess: ({ jsonl }) => download(jsonl, exportName(new Date())),
  });

  const status = verification.isPending
    ? 'Checking the chain…'
    : verification.isError
      ? `The chain could not be checked: ${describeFailure(verification.error)}`
      : verification.data.message;
  const broken = verification.data !== undefined && !verification.data.intact;
  return (
    <div className="audit-chain">
      <p className={broken ? 'field-error' : 'muted'} role={broken ? 'alert' : 'status'}>
        {status}{' '}
        <button type="button" className="link-button" onClick={() => void verification.refetch()} disabled={verification.isFetching}>
          Check again
        </button>
      </p>
      <button type="button" onClick={() => exporting.mutate()} disabled={exporting.isPending}>
        {exporting.isPending ? 'Exporting…' : 'Export as JSON Lines'}
      </button>
      {exporting.isError && <p className="field-error" role="alert">The trail could not be exported: {describeFailure(exporting.error)}</p>}
    </div>
  );
}
