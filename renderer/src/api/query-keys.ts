export const queryKeys = {
  systemInfo: ['system.info'] as const,
  snapshot: ['fleet.snapshot'] as const,
  environmentRoot: ['fleet.environment'] as const,
  environment: (id: string) => ['fleet.environment', id] as const,
};
