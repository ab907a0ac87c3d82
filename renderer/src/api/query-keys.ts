export const queryKeys = {
  systemInfo: ['system.info'] as const,
  snapshot: ['fleet.snapshot'] as const,
  environmentRoot: ['fleet.environment'] as const,
  environment: (id: string) => ['fleet.environment', id] as const,
  connections: ['connections.list'] as const,
  alerts: ['alerts.list'] as const,
  silences: ['silences.list'] as const,
  metrics: (environmentId: string, check: string, range: string, maxPoints: number) => ['fleet.metrics', environmentId, check, range, maxPoints] as const,
  logs: (environmentId: string, minutes: number) => ['fleet.logs', environmentId, minutes] as const,
};
