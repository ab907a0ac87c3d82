import { progressText } from './deploys-model.js';

/** A fixed-width bar with its percentage written beside it; the native element tells assistive technology the value. */
export function ProgressBar({ progress, label }: { progress: number | null; label: string }) {
  return (
    <span className="deploy-progress">
      <progress max={100} value={progress ?? undefined} aria-label={label} />
      <span className="deploy-progress-text">{progressText(progress)}</span>
    </span>
  );
}
