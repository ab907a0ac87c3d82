import { QueryClient } from '@tanstack/react-query';
import { shouldRetry } from './call.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pushed events keep the cache current; focus and network events are not a reason to refetch.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: shouldRetry,
      },
      mutations: {
        retry: shouldRetry,
      },
    },
  });
}
