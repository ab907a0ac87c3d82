import { create } from 'zustand';
import { VIEWS, type ViewId } from '../../../shared/routes/views.js';

export { VIEW_TITLES, VIEWS, type ViewId } from '../../../shared/routes/views.js';

export function isViewId(value: string): value is ViewId {
  return (VIEWS as readonly string[]).includes(value);
}

interface ViewState {
  view: ViewId;
  setView: (view: ViewId) => void;
}

export const useViewStore = create<ViewState>()((set) => ({
  view: 'fleet',
  setView: (view) => set({ view }),
}));
