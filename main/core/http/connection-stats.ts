import type { ConnectionHealth } from '../../../shared/contract/connections.js';

/** What the user sees of a connection's recent calls: Settings and the fleet's source list show it. */
export class ConnectionStats {
  private lastOutcome: 'up' | 'down' | null = null;
  private circuitOpen = false;
  private lastSuccessAt: number | null = null;
  private lastAttemptAt: number | null = null;
  private latencyMs: number | null = null;
  private lastError: string | null = null;

  attempted(at: number): void {
    this.lastAttemptAt = at;
  }

  succeeded(at: number, latencyMs: number): void {
    this.lastOutcome = 'up';
    this.lastSuccessAt = at;
    this.latencyMs = latencyMs;
    this.lastError = null;
  }

  failed(message: string): void {
    this.lastOutcome = 'down';
    this.lastError = message;
  }

  circuit(open: boolean): void {
    this.circuitOpen = open;
  }

  health(): ConnectionHealth {
    return {
      state: this.circuitOpen ? 'circuit-open' : (this.lastOutcome ?? 'idle'),
      lastSuccessAt: this.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      latencyMs: this.latencyMs,
      lastError: this.lastError,
    };
  }
}
