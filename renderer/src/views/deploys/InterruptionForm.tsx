import { useId, useState, type FormEvent } from 'react';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import type { DeploymentView, InterruptionView } from '../../../../shared/contract/deploys.js';
import { describeFailure } from '../../api/call.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { useAnswerInterruption } from './deploys-queries.js';

type Answer = InterruptionView['answers'][number];

const ANSWER_LABELS: Readonly<Record<Answer, string>> = {
  retry: 'Retry the step',
  ignore: 'Ignore the failure and go on',
  abort: 'Abort the deployment',
  proceed: 'Proceed',
};

const MIN_NOTE = 3;

interface InterruptionFormProps {
  deployment: DeploymentView;
  interruption: InterruptionView;
  blocked: string | null;
}

/** A deployment paused for manual intervention: what happened, and an answer with a note on why. */
export function InterruptionForm({ deployment, interruption, blocked }: InterruptionFormProps) {
  const headingId = useId();
  const name = useId();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [notes, setNotes] = useState('');
  const [tried, setTried] = useState(false);
  const attempt = useAttemptKey();
  const send = useAnswerInterruption();
  const noteProblem = notes.trim().length >= MIN_NOTE ? undefined : `expected a note of at least ${MIN_NOTE} characters on why`;

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setTried(true);
    if (send.isPending || answer === null || noteProblem !== undefined) return;
    const request = { id: deployment.id, interruptionId: interruption.id, answer, notes: notes.trim() };
    send.mutate({ ...request, idempotencyKey: attempt.for(request) }, { onSettled: (_, error) => attempt.settled(error) });
  }

  return (
    <section className="detail-section interruption" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <StatusIcon status="warning" /> Needs an answer: {interruption.title}
      </h3>
      <p>{interruption.message}</p>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <fieldset className="interruption-answers">
          <legend>Answer</legend>
          {interruption.answers.map((option) => (
            <label key={option}>
              <input type="radio" name={name} value={option} checked={answer === option} onChange={() => setAnswer(option)} />
              {ANSWER_LABELS[option]}
            </label>
          ))}
        </fieldset>
        {tried && answer === null && <p className="field-error">Choose an answer.</p>}
        <FormField label="Note (required)" error={tried ? noteProblem : undefined} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={notes} onChange={(event) => setNotes(event.target.value)} />}
        </FormField>
        {send.error !== null && <FormFailure what="The answer was not sent" reason={describeFailure(send.error)} />}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={send.isPending || blocked !== null} title={blocked ?? undefined}>
            {send.isPending ? 'Sending…' : 'Send answer'}
          </button>
        </div>
      </form>
    </section>
  );
}
