import { useEffect, useRef } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { useViewStore, VIEW_TITLES, type ViewId } from '../state/view-store.js';
import { AlertsView } from '../views/alerts/AlertsView.js';
import { AuditView } from '../views/audit/AuditView.js';
import { CalendarView } from '../views/calendar/CalendarView.js';
import { DeploysView } from '../views/deploys/DeploysView.js';
import { FleetView } from '../views/fleet/FleetView.js';
import { IncidentsView } from '../views/incidents/IncidentsView.js';
import { SettingsView } from '../views/settings/SettingsView.js';

function ViewContent({ view }: { view: ViewId }) {
  switch (view) {
    case 'fleet':
      return <FleetView />;
    case 'alerts':
      return <AlertsView />;
    case 'incidents':
      return <IncidentsView />;
    case 'calendar':
      return <CalendarView />;
    case 'deploys':
      return <DeploysView />;
    case 'settings':
      return <SettingsView />;
    case 'audit':
      return <AuditView />;
  }
}

export function ActiveView() {
  const view = useViewStore((state) => state.view);
  const mainRef = useRef<HTMLElement>(null);
  const firstView = useRef(true);

  // After a view change, focus lands on its heading so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [view]);

  return (
    <main ref={mainRef} className="app-main">
      <ErrorBoundary key={view} area={`The ${VIEW_TITLES[view]} view`}>
        <ViewContent view={view} />
      </ErrorBoundary>
    </main>
  );
}
