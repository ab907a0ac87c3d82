import { QueryClient } from '@tanstack/react-query';
import { isTransient } from './call.js';

const MAX_RETRIES = 2;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pushed events keep the cache current; focus and network events are not a reason to refetch.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, error) => failures < MAX_RETRIES && isTransient(error),
      },
      mutations: {
        retry: (failures, error) => failures < MAX_RETRIES && isTransient(error),
      },
    },
  });
}
