import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OpsClientProvider } from './api/client-context.js';
import { connectToCore } from './api/core.js';
import { createQueryClient } from './api/query-client.js';
import { consumeTokenFromAddress } from './api/token.js';
import { App } from './app/App.js';
import { MissingToken } from './app/MissingToken.js';
import { bindThemeToDocument } from './app/theme.js';
import { useConnectionStore } from './state/connection-store.js';
import { useEventErrorStore } from './state/event-error-store.js';
import './styles/app.css';
import './styles/alerts-settings.css';

// The token fragment must be gone before the hash router reads the address.
consumeTokenFromAddress();
bindThemeToDocument();

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
const root = createRoot(container);

const setup = connectToCore((error) => useEventErrorStore.getState().report(error));
if (setup.kind === 'missing-token') {
  // The right URL may be pasted into this same tab, which changes only the fragment.
  window.addEventListener('hashchange', () => {
    if (consumeTokenFromAddress()) window.location.reload();
  });
  root.render(
    <StrictMode>
      <MissingToken />
    </StrictMode>,
  );
} else {
  const { client, transport, host } = setup.link;
  const report = useConnectionStore.getState().report;
  if (transport.onConnection === undefined) report(true);
  else transport.onConnection(report);

  const queryClient = createQueryClient();
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <OpsClientProvider client={client}>
          <App host={host} />
        </OpsClientProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
