import { useState, type FocusEvent } from 'react';

export interface ListHoldHandlers {
  onPointerEnter: () => void;
  onPointerLeave: () => void;
  onFocus: () => void;
  onBlur: (event: FocusEvent<HTMLElement>) => void;
}

/**
 * Whether the pointer or the focus is inside a list: while it is, the list's rows must not move.
 * Focus moving between two controls of the list keeps the hold (the blur's related target is inside).
 */
export function useListHold(): { held: boolean; handlers: ListHoldHandlers } {
  const [pointerIn, setPointerIn] = useState(false);
  const [focusIn, setFocusIn] = useState(false);
  const [handlers] = useState<ListHoldHandlers>(() => ({
    onPointerEnter: () => setPointerIn(true),
    onPointerLeave: () => setPointerIn(false),
    onFocus: () => setFocusIn(true),
    onBlur: (event) => {
      const next = event.relatedTarget;
      if (!(next instanceof Node) || !event.currentTarget.contains(next)) setFocusIn(false);
    },
  }));
  return { held: pointerIn || focusIn, handlers };
}
