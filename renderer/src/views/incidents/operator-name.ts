const KEY = 'watchfloor.operatorName';

/**
 * The core does not tell the renderer who sits at it, so the commander is pre-filled with the name
 * this person gave last time they declared or took command here.
 */
export function rememberedOperator(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberOperator(name: string): void {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // Storage can be disabled; the form still works, it just starts empty next time.
  }
}
