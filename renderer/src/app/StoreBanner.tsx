import { useSystemInfo } from '../api/queries.js';

/**
 * What the renderer must say about the store: damage found while running (restart to begin a new
 * store), or a new store begun at start because the old one was damaged (until the kept file is moved).
 */
export function StoreBanner() {
  const store = useSystemInfo().data?.store;
  if (store?.damaged) {
    return (
      <div className="banner banner-error" role="alert">
        <p className="banner-title">The store is damaged.</p>
        <p>{store.damaged}</p>
      </div>
    );
  }
  if (!store?.replaced) return null;
  return (
    <div className="banner banner-warning" role="alert">
      <p className="banner-title">The console started on a new, empty store: the old one was damaged.</p>
      <p>{store.replaced.message}</p>
    </div>
  );
}
