/** Shorter values would blank out ordinary words; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[secret]';

/**
 * Every secret value the core has held (read from the keychain or an env variable, typed
 * into a draft, or sent as an auth header), so that a message or log line that somehow
 * picked one up (a backend echoing the request, say) is cleaned before it leaves the core.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  remember(secret: string): void {
    if (secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  redact(text: string): string {
    let clean = text;
    for (const secret of this.secrets) {
      if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
    }
    return clean;
  }
}
