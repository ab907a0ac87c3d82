import { useSystemInfo } from '../../api/queries.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { deployBlockedReason } from './deploys-model.js';

/** Why Deploy and Roll back are off now (offline, read-only), or null. */
export function useDeployBlocked(): string | null {
  const link = useConnectionStore((state) => state.link);
  const readOnly = useSystemInfo().data?.readOnly ?? false;
  return deployBlockedReason(link, readOnly);
}
