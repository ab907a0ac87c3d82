/** The part of keytar the vault uses; tests inject their own (one that never answers, for instance). */
export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Promise<Keytar>;

/**
 * keytar is an optional native module: loaded on first use, so a machine without it (or
 * without libsecret) gets a VaultStatus that says so instead of a crash at start.
 */
export const loadKeytar: KeytarLoader = async () => {
  // CommonJS: only some named exports are detected, the default export has them all.
  const module: Keytar & { default?: Keytar } = await import('keytar');
  return module.default ?? module;
};
