import { useAlertsLive } from '../api/alerts-live.js';
import { useLiveSync } from '../api/use-live-sync.js';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { useAlertNotifications } from '../notifications/use-alert-notifications.js';
import { useDeployNotifications } from '../notifications/use-deploy-notifications.js';
import { DeployDialogHost } from '../views/deploys/DeployDialog.js';
import { DeclareDialogHost } from '../views/incidents/DeclareDialog.js';
import { useIncidentsLive } from '../views/incidents/use-incidents-live.js';
import { useIncidentNotifications } from '../notifications/use-incident-notifications.js';
import { CommandPalette } from '../palette/CommandPalette.js';
import { usePaletteShortcut } from '../palette/use-palette-shortcut.js';
import { OperatorPrompt } from '../views/settings/OperatorPrompt.js';
import { ActiveView } from './ActiveView.js';
import { AppHeader } from './AppHeader.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { DefinitionBanner } from './DefinitionBanner.js';
import { EventErrorBanner } from './EventErrorBanner.js';
import { useNotificationPause } from '../notifications/notification-pause.js';
import { useHashRoute, useWallRoute } from './hash-route.js';
import { LinkErrorBanner } from './LinkErrorBanner.js';
import { StoreBanner } from './StoreBanner.js';
import { WallView } from '../views/wall/WallView.js';

/** `host`: which host serves the page; the browser host asks who is there before the first command. */
export function App({ host }: { host: 'electron' | 'browser' }) {
  useLiveSync();
  useAlertsLive();
  useAlertNotifications();
  useDeployNotifications();
  useIncidentsLive();
  useIncidentNotifications();
  useNotificationPause();
  useHashRoute();
  usePaletteShortcut();
  const wall = useWallRoute();
  const banners = (
    <div className="banners">
      <ConnectionBanner />
      <StoreBanner />
      <DefinitionBanner />
      <EventErrorBanner />
      <LinkErrorBanner />
    </div>
  );
  if (wall) {
    return (
      <div className="app">
        {banners}
        <ErrorBoundary area="The wall">
          <WallView />
        </ErrorBoundary>
      </div>
    );
  }
  return (
    <div className="app">
      <AppHeader />
      {banners}
      <ActiveView />
      {/* Beside the views, not in one: the dialog outlives the view or row that opened it. */}
      <ErrorBoundary area="The deploy dialog">
        <DeployDialogHost />
      </ErrorBoundary>
      <ErrorBoundary area="The declare dialog">
        <DeclareDialogHost />
      </ErrorBoundary>
      <ErrorBoundary area="The command palette">
        <CommandPalette />
      </ErrorBoundary>
      {host === 'browser' && <OperatorPrompt />}
    </div>
  );
}
