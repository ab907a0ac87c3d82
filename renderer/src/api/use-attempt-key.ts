import { useState } from 'react';
import { AttemptKey } from './attempt-key.js';

/** A form's AttemptKey, kept for as long as the form is open. */
export function useAttemptKey(): AttemptKey {
  const [attempt] = useState(() => new AttemptKey());
  return attempt;
}
