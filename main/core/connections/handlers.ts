import type { AreaHandlers } from '../api/handlers.js';
import type { ConnectionService } from './connection-service.js';

export function connectionHandlers(
  connections: ConnectionService,
): AreaHandlers<'connections.list' | 'connections.save' | 'connections.remove' | 'connections.test'> {
  return {
    'connections.list': () => connections.list(),
    'connections.save': ({ connection }) => connections.save(connection),
    'connections.remove': ({ id }) => connections.remove(id),
    'connections.test': ({ target }) => connections.test(target),
  };
}
