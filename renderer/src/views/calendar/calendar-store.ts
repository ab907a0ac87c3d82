import { Temporal } from 'temporal-polyfill';
import { create } from 'zustand';
import { isCalendarMode, todayIn, viewerTimeZone, type CalendarMode } from './calendar-model.js';

const STORAGE_KEY = 'watchfloor.calendar';

interface Stored {
  mode: CalendarMode;
  /** The zones chosen for the week view's rulers; null until the person chooses, then the defaults apply. */
  zones: string[] | null;
}

function isZoneList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((zone) => typeof zone === 'string');
}

function readStored(): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return { mode: 'month', zones: null };
    const mode: unknown = Reflect.get(parsed, 'mode');
    const zones: unknown = Reflect.get(parsed, 'zones');
    return { mode: isCalendarMode(mode) ? mode : 'month', zones: isZoneList(zones) ? zones : null };
  } catch {
    return { mode: 'month', zones: null };
  }
}

function writeStored(stored: Stored): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  } catch {
    // Without storage the choice lasts for this session only.
  }
}

interface CalendarState extends Stored {
  /** The date the view is about, in the viewer's zone (ISO, e.g. 2026-02-28). Not kept: the calendar opens on today. */
  cursor: string;
  /** The occurrence whose detail is open. */
  selectedKey: string | null;
  setMode: (mode: CalendarMode) => void;
  setCursor: (date: Temporal.PlainDate) => void;
  setZones: (zones: string[]) => void;
  select: (key: string | null) => void;
  /** Moves to a date and opens an occurrence there, e.g. from the notice list. */
  reveal: (key: string, date: Temporal.PlainDate) => void;
}

const stored = readStored();

export const useCalendarStore = create<CalendarState>()((set, get) => ({
  ...stored,
  cursor: todayIn(viewerTimeZone(), Date.now()).toString(),
  selectedKey: null,
  setMode: (mode) => {
    writeStored({ mode, zones: get().zones });
    set({ mode });
  },
  setCursor: (date) => set({ cursor: date.toString() }),
  setZones: (zones) => {
    writeStored({ mode: get().mode, zones });
    set({ zones });
  },
  select: (selectedKey) => set({ selectedKey }),
  reveal: (key, date) => set({ selectedKey: key, cursor: date.toString() }),
}));

export function cursorDate(cursor: string): Temporal.PlainDate {
  return Temporal.PlainDate.from(cursor);
}
