import { createContext, useContext, type ReactNode } from 'react';
import type { OpsClient } from '../../../shared/contract/index.js';

const ClientContext = createContext<OpsClient | null>(null);

export function OpsClientProvider({ client, children }: { client: OpsClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useOpsClient(): OpsClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useOpsClient must be used inside <OpsClientProvider>.');
  return client;
}
