import type { EventName, EventPayload } from '../../../shared/contract/methods.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** The core's typed event streams; hosts forward them to their windows and sockets. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

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
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<E>)(payload);
  }
}
