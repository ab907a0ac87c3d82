import type { DeepLink } from '../../../shared/routes/deep-link.js';
import { itemHref } from '../app/hash-route.js';

/**
 * Opens an item in a window of its own, for a second monitor. The desktop app turns the request
 * into a hardened pop-out window (main/electron/pop-outs.ts); the browser host opens a browser
 * window on the same page, which carries this tab's session over.
 */
export function PopOutButton({ link, label }: { link: DeepLink; label: string }) {
  return (
    // Named by the item, so a second click brings its window back instead of opening another.
    <button type="button" className="pop-out" onClick={() => window.open(itemHref(link), `watchfloor${itemHref(link)}`, 'popup,width=1280,height=800')}>
      {label}
    </button>
  );
}
