import { userInfo } from 'node:os';
import { OperatorProfile } from '../../../shared/contract/audit.js';
import type { SettingsRepo } from '../store/settings-repo.js';

const PROFILE_KEY = 'operator.profile';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown operator';
  }
}

/**
 * Who is at the console: the profile set in Settings, kept in the store. Until one is set the
 * trail falls back to the name the core was started with, else the OS user, which on a shared
 * jump host says little about who acted.
 */
export class OperatorProfiles {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly fallback: string = osUser(),
  ) {}

  get(): OperatorProfile | null {
    return this.settings.get(PROFILE_KEY, OperatorProfile) ?? null;
  }

  save(profile: OperatorProfile): OperatorProfile {
    this.settings.set(PROFILE_KEY, profile);
    return profile;
  }

  /** As audit rows, acks and silences name the operator: a mailbox, "Ada Lovelace <ada@example.com>". */
  actor(): string {
    const profile = this.get();
    return profile ? `${profile.name} <${profile.email}>` : this.fallback;
  }
}
