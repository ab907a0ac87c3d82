import { memo } from 'react';
import type { AuditEntry } from '../../../../shared/contract/audit.js';
import { viewHref } from '../../app/hash-route.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatAbsolute } from '../../time/format.js';
import { useDeploysStore } from '../deploys/deploys-store.js';
import { AUDIT_RESULT_LABELS, AUDIT_RESULT_STATUS } from './audit-labels.js';
import { auditSentence } from './audit-sentence.js';

/** Fixed, so the trail never reflows as entries arrive; the virtualizer and the styles both use it. */
export const AUDIT_ROW_HEIGHT = 46;

interface AuditRowProps {
  entry: AuditEntry;
  index: number;
  top: number;
}

export const AuditRow = memo(function AuditRow({ entry, index, top }: AuditRowProps) {
  const deploymentId = entry.deploymentId;
  return (
    <div role="row" className="audit-row" data-audit-id={entry.id} aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)`, height: AUDIT_ROW_HEIGHT }}>
      <div role="cell" className="audit-cell">
        <time dateTime={new Date(entry.at).toISOString()}>{formatAbsolute(entry.at)}</time>
      </div>
      <div role="cell" className="audit-cell" title={`${entry.who}: ${entry.action} ${entry.target}`}>
        <span className="audit-detail audit-sentence">{auditSentence(entry)}</span>
      </div>
      <div role="cell" className="audit-cell" title={entry.why ?? undefined}>
        {entry.why ?? <span className="muted">No reason given</span>}
      </div>
      <div role="cell" className="audit-cell audit-cell-stack">
        <StatusBadge status={AUDIT_RESULT_STATUS[entry.result]} label={AUDIT_RESULT_LABELS[entry.result]} />
        {deploymentId !== null && (
          <a className="muted" href={viewHref('deploys')} onClick={() => useDeploysStore.getState().select(deploymentId)}>
            Open the deployment
          </a>
        )}
      </div>
      <div role="cell" className="audit-cell" title={entry.detail}>
        <span className="audit-detail">{entry.detail}</span>
      </div>
    </div>
  );
});
