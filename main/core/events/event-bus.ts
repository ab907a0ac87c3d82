import type { EventName, EventPayload } from '../../../shared/contract/methods.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** The core's typed event streams; hosts forward them to their windows and sockets. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  /** `outbound` is applied once to each payload that has listeners: the core's last guard (secret redaction) before it leaves. */
  constructor(private readonly outbound: <T>(payload: T) => T = (payload) => payload) {}

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const listeners = this.listeners.get(event);
    if (!listeners || listeners.size === 0) return;
    const outgoing = this.outbound(payload);
    for (const listener of listeners) (listener as Listener<E>)(outgoing);
  }
}
