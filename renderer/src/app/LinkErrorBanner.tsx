import { useLinkErrorStore } from './link-error-store.js';

export function LinkErrorBanner() {
  const message = useLinkErrorStore((state) => state.message);
  const dismiss = useLinkErrorStore((state) => state.dismiss);
  if (message === null) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p className="banner-title">This link could not be opened.</p>
      <p>{message}</p>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
