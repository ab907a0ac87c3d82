import { useSystemInfo } from '../api/queries.js';

/** The store was found damaged at a start and the console began on a new one: said until the kept file is moved. */
export function StoreBanner() {
  const replaced = useSystemInfo().data?.store.replaced;
  if (!replaced) return null;
  return (
    <div className="banner banner-warning" role="alert">
      <p className="banner-title">The console started on a new, empty store: the old one was damaged.</p>
      <p>{replaced.message}</p>
    </div>
  );
}
