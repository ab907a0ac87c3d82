import type { LifecycleState } from '../../../shared/contract/index.js';
import { LIFECYCLE_STATE_LABELS } from './labels.js';

/** A lifecycle state in words, coloured by how pressing it is; the words carry the meaning. */
export function LifecycleBadge({ state }: { state: LifecycleState }) {
  return <span className={`lifecycle-badge lifecycle-${state}`}>{LIFECYCLE_STATE_LABELS[state]}</span>;
}
