import type { SourceStatus } from '../../../shared/contract/index.js';
import { SOURCE_STATE_LABELS, SOURCE_STATE_STATUS } from './labels.js';
import { StatusBadge } from './StatusBadge.js';

export function SourceStateBadge({ state }: { state: SourceStatus['state'] }) {
  return <StatusBadge status={SOURCE_STATE_STATUS[state]} label={SOURCE_STATE_LABELS[state]} />;
}
