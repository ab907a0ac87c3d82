import { useAlertsLive } from '../api/alerts-live.js';
import { useLiveSync } from '../api/use-live-sync.js';
import { useAlertNotifications } from '../notifications/use-alert-notifications.js';
import { ActiveView } from './ActiveView.js';
import { AppHeader } from './AppHeader.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { DefinitionBanner } from './DefinitionBanner.js';
import { EventErrorBanner } from './EventErrorBanner.js';
import { useHashRoute } from './hash-route.js';

export function App() {
  useLiveSync();
  useAlertsLive();
  useAlertNotifications();
  useHashRoute();
  return (
    <div className="app">
      <AppHeader />
      <div className="banners">
        <ConnectionBanner />
        <DefinitionBanner />
        <EventErrorBanner />
      </div>
      <ActiveView />
    </div>
  );
}
