import type { SlotDifference } from './app-service-api.js';

/**
 * Slot differences in words, as production will see them after the swap. Values of settings
 * that look secret (connection strings, keys, secrets, passwords, tokens) are never shown:
 * the line says only that they differ.
 */

const SECRET_NAME = /key|secret|password|passwd|pwd|token|credential|connection ?string|sas/i;

const SETTING_TYPES: Readonly<Record<string, string>> = {
  appsetting: 'App setting',
  connectionstring: 'Connection string',
  general: 'Setting',
};

function looksSecret(difference: SlotDifference): boolean {
  return (difference.settingType ?? '').toLowerCase() === 'connectionstring' || SECRET_NAME.test(difference.settingName ?? '');
}

function quoted(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? 'empty' : JSON.stringify(value);
}

/** One line per difference, e.g. `App setting FEATURE_X changes in production: "off" → "on"`. */
export function differenceLine(difference: SlotDifference): string {
  const type = SETTING_TYPES[(difference.settingType ?? '').toLowerCase()] ?? difference.settingType ?? 'Setting';
  const name = difference.settingName ?? '(unnamed)';
  const secret = looksSecret(difference);
  // The request is made on the staging slot with production as the target: "current" is staging.
  const incoming = difference.valueInCurrentSlot;
  const outgoing = difference.valueInTargetSlot;
  switch (difference.diffRule) {
    case 'SettingsWillBeModifiedInDestination':
      return secret ? `${type} ${name} differs in production (value not shown)` : `${type} ${name} changes in production: ${quoted(outgoing)} → ${quoted(incoming)}`;
    case 'SettingsWillBeAddedToDestination':
      return secret ? `${type} ${name} is added to production (value not shown)` : `${type} ${name} is added to production: ${quoted(incoming)}`;
    case 'SettingsNotInSource':
      return `${type} ${name} is removed from production`;
    default: {
      const said = difference.description ?? difference.diffRule ?? 'differs between the slots';
      return secret ? `${type} ${name}: ${difference.diffRule ?? 'differs'} (value not shown)` : `${type} ${name}: ${said}`;
    }
  }
}
