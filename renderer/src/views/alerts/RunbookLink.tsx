import { safeLink } from './alert-model.js';

/** Opens in a new tab (the Electron host hands it to the system browser), without giving that page a handle on this one. */
export function RunbookLink({ url, alertName }: { url: string | null; alertName: string }) {
  const href = safeLink(url);
  if (href === null) return <span className="muted runbook-none">{url === null ? 'No runbook' : 'Runbook link not http(s)'}</span>;
  return (
    <a className="runbook-link" href={href} target="_blank" rel="noopener noreferrer" aria-label={`Runbook for ${alertName} (opens in a new tab)`}>
      Runbook ↗
    </a>
  );
}
