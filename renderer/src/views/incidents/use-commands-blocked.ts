import { useSystemInfo } from '../../api/queries.js';
import { useConnectionStore } from '../../state/connection-store.js';

/**
 * Why incident commands are off now, or null. The ticketing backend being down is no reason: the core
 * queues what may wait and refuses the rest with its reason. Only a read-only console or a core out of
 * reach turns the buttons off.
 */
export function useCommandsBlocked(): string | null {
  const link = useConnectionStore((state) => state.link);
  const readOnly = useSystemInfo().data?.readOnly ?? false;
  if (readOnly) return 'read-only: this console was started with --read-only';
  if (link !== 'live') return 'the Watchfloor core is out of reach';
  return null;
}
