import type { DeployPreview } from '../../../../shared/contract/deploys.js';

/** Null when what was typed confirms the preview; else a sentence saying what to type. */
export function confirmationProblem(preview: DeployPreview, typed: string | undefined): string | null {
  const { level, phrase, why } = preview.confirmation;
  if (level !== 'type' || phrase === null) return null;
  const given = typed?.trim() ?? '';
  if (given === phrase) return null;
  const ask = `type "${phrase}" to confirm, because ${why}`;
  return given === '' ? ask : `"${given}" does not match: ${ask}`;
}
