import { useEventErrorStore } from '../state/event-error-store.js';

export function EventErrorBanner() {
  const error = useEventErrorStore((state) => state.error);
  const count = useEventErrorStore((state) => state.count);
  const dismiss = useEventErrorStore((state) => state.dismiss);
  if (error === null) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p className="banner-title">
        {count === 1 ? 'An update from the core was' : `${count} updates from the core were`} malformed and ignored.
      </p>
      <p>{error.message}</p>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
