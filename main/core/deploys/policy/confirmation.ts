import type { DeployPreview } from '../../../../shared/contract/deploys.js';

/**
 * Null when the request gives the confirmation the preview asks for; else a sentence saying
 * what is missing. Held here, in the core, so a client that skips the form's box or field is refused.
 */
export function confirmationProblem(preview: DeployPreview, typed: string | undefined, checked = false): string | null {
  const { level, phrase, why } = preview.confirmation;
  if (level === 'click') return null;
  if (level === 'confirm') return checked ? null : `tick "I have checked the blast radius" (blastRadiusChecked) to confirm, because ${why}`;
  if (phrase === null) return `it cannot be confirmed, because ${why} and there is no name to type`;
  const given = typed?.trim() ?? '';
  if (given === phrase) return null;
  const ask = `type "${phrase}" to confirm, because ${why}`;
  return given === '' ? ask : `"${given}" does not match: ${ask}`;
}
