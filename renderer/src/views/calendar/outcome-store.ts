import { create } from 'zustand';
import type { PublishOutcome } from '../../../../shared/contract/calendar.js';

export interface ActionOutcome {
  tone: 'ok' | 'error';
  text: string;
  /** What each backend did, for commands that update or cancel what was published. */
  outcomes?: readonly PublishOutcome[];
  /** Further lines, e.g. the events an import skipped and why. */
  details?: readonly string[];
}

interface OutcomeState {
  outcome: ActionOutcome | null;
  show: (outcome: ActionOutcome) => void;
  dismiss: () => void;
}

/** The result of the last calendar action, shown in one place that covers nothing and moves nothing. */
export const useOutcomeStore = create<OutcomeState>()((set) => ({
  outcome: null,
  show: (outcome) => set({ outcome }),
  dismiss: () => set({ outcome: null }),
}));
