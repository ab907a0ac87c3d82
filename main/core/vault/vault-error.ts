/**
 * Why a secret could not be had. `unavailable`, `locked` and `timeout` are about the
 * keychain as a whole (VaultStatus shows them); `missing` is about one secret.
 */
export type VaultErrorKind = 'unavailable' | 'locked' | 'timeout' | 'missing';

export class VaultError extends Error {
  constructor(
    readonly kind: VaultErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

const OR_ENV = 'or use environment-variable references (such as WATCHFLOOR_PROM_TOKEN) instead of the keychain';

export function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (gnome-keyring)';
}

/** The module itself could not be loaded: not installed (it is optional), or its native library is missing. */
export function keytarLoadError(error: unknown): VaultError {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return new VaultError(
      'unavailable',
      `keytar, the OS keychain module, is not installed: it is optional and builds only where libsecret is present. ` +
        `Install libsecret-1-dev, then run "npm rebuild keytar" (or npm ci again); ${OR_ENV}.`,
    );
  }
  return new VaultError(
    'unavailable',
    `keytar, the OS keychain module, failed to load (${detail}). On Linux install libsecret-1-0 (libsecret-1-dev to build it) ` +
      `and run "npm rebuild keytar"; ${OR_ENV}.`,
  );
}

export function keychainTimeout(timeoutMs: number, platform: NodeJS.Platform): VaultError {
  const seconds = `${Number((timeoutMs / 1000).toFixed(1))} s`;
  const hint = platform === 'linux' ? 'is a Secret Service (gnome-keyring) running and unlocked?' : `is the ${keychainName(platform)} unlocked?`;
  return new VaultError('timeout', `the OS keychain did not answer within ${seconds}; ${hint}`);
}

/** A keytar call failed: say what is missing (from libsecret's own words) and how to fix it. */
export function keychainFailure(error: unknown): VaultError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|dbus-launch|Failed to connect to socket/i.test(detail)) {
    return new VaultError(
      'unavailable',
      `the D-Bus session bus cannot be reached, and the Secret Service lives on it (${detail}). Run Watchfloor inside a desktop session, ` +
        `or under "dbus-run-session" with gnome-keyring-daemon started and unlocked; ${OR_ENV}.`,
    );
  }
  if (/org\.freedesktop\.secrets|not provided by any \.service files|ServiceUnknown/i.test(detail)) {
    return new VaultError(
      'unavailable',
      `no Secret Service is running on the D-Bus session (${detail}). Install and start gnome-keyring ` +
        `(apt-get install gnome-keyring) or another Secret Service such as KeePassXC; ${OR_ENV}.`,
    );
  }
  if (/locked|collection\/login|does not exist at path|No such secret collection/i.test(detail)) {
    return new VaultError(
      'locked',
      `the keyring is locked, or there is no default keyring to keep secrets in (${detail}). Unlock it: log in to the desktop ` +
        `session, open "Passwords and Keys", or run "gnome-keyring-daemon --unlock" with its password on standard input; ${OR_ENV}.`,
    );
  }
  if (/dismissed|cancel/i.test(detail)) {
    return new VaultError('locked', `the keychain asked to be unlocked and the prompt was dismissed (${detail}); unlock it and try again, ${OR_ENV}.`);
  }
  return new VaultError('unavailable', `the OS keychain failed: ${detail}`);
}
