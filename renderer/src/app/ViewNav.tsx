import { useViewStore, VIEW_TITLES, VIEWS } from '../state/view-store.js';
import { AlertCountBadge } from '../views/alerts/AlertCountBadge.js';
import { IncidentCountBadge } from '../views/incidents/IncidentCountBadge.js';
import { viewHref } from './hash-route.js';

export function ViewNav() {
  const active = useViewStore((state) => state.view);
  return (
    <nav aria-label="Views" className="view-nav">
      <ul>
        {VIEWS.map((view) => (
          <li key={view}>
            <a href={viewHref(view)} aria-current={view === active ? 'page' : undefined}>
              {VIEW_TITLES[view]}
              {view === 'alerts' && <AlertCountBadge />}
              {view === 'incidents' && <IncidentCountBadge />}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
