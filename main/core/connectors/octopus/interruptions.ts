import { z } from 'zod';
import { ConnectorError } from '../../http/backend-client.js';
import type { InterruptionAnswer, RemoteInterruption } from '../capabilities.js';
import type { Interruption } from './octopus-api.js';

/**
 * Octopus interruptions: a guided failure offers Fail, Retry, Ignore (and Exclude, for a
 * machine), a manual intervention step Proceed or Abort. The form says which: its
 * SubmitButtonGroup element's buttons, whose values are submitted under the element's name
 * ("Guidance" or "Result"), with the notes under "Notes".
 */

const Buttons = z.object({ Type: z.literal('SubmitButtonGroup'), Buttons: z.array(z.object({ Value: z.string() })) });
const Paragraph = z.object({ Type: z.literal('Paragraph'), Text: z.string() });

/** The Octopus button value each answer is, in order of preference (abort is Fail under guided failure). */
const VALUES: Record<InterruptionAnswer, readonly string[]> = {
  retry: ['Retry'],
  ignore: ['Ignore'],
  abort: ['Fail', 'Abort'],
  proceed: ['Proceed'],
};

const ANSWERS = Object.keys(VALUES) as InterruptionAnswer[];

function buttonsOf(interruption: Interruption): { name: string; values: string[] } | null {
  for (const element of interruption.Form.Elements) {
    const control = Buttons.safeParse(element.Control);
    if (control.success) return { name: element.Name, values: control.data.Buttons.map((button) => button.Value) };
  }
  return null;
}

export function remoteInterruption(interruption: Interruption): RemoteInterruption {
  const offered = buttonsOf(interruption)?.values ?? [];
  const text = interruption.Form.Elements.flatMap((element) => {
    const paragraph = Paragraph.safeParse(element.Control);
    return paragraph.success ? [paragraph.data.Text] : [];
  });
  return {
    id: interruption.Id,
    title: interruption.Title,
    message: text.join('\n') || interruption.Title,
    answers: ANSWERS.filter((answer) => VALUES[answer].some((value) => offered.includes(value))),
  };
}

/** The form values that give the answer; an answer the form does not offer is refused with what it does offer. */
export function submission(interruption: Interruption, answer: InterruptionAnswer, notes: string, label: string): Record<string, string> {
  const buttons = buttonsOf(interruption);
  const value = VALUES[answer].find((candidate) => buttons?.values.includes(candidate));
  if (buttons === null || value === undefined) {
    const offered = remoteInterruption(interruption).answers;
    throw new ConnectorError(
      'http',
      `${label}: "${interruption.Title}" cannot be answered ${answer}; it offers ${offered.length > 0 ? offered.join(', ') : 'no answer the console knows'}`,
    );
  }
  return { [buttons.name]: value, Notes: notes };
}
