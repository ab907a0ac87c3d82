import { useId, useState, type FormEvent } from 'react';
import { CheckName, methods } from '../../../../shared/contract/index.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { describeFailure } from '../../api/call.js';
import { useInjectFault, type InjectFaultInput } from '../../api/queries.js';
import { CHECK_LABELS, STATUS_LABELS } from '../../components/labels.js';
import { formatAbsolute } from '../../time/format.js';

type Severity = InjectFaultInput['severity'];

const SEVERITIES = methods['sandbox.injectFault'].input.shape.severity.options;
const MIN_SECONDS = 5;
const MAX_SECONDS = 86_400;

/** A specific sentence for each way the duration can be wrong; null when it is fine. */
export function durationProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter a duration in seconds.';
  if (!/^\d+$/.test(trimmed)) return 'Enter the duration as a whole number of seconds, without decimals or units.';
  const seconds = Number(trimmed);
  if (seconds < MIN_SECONDS) return `A fault lasts at least ${MIN_SECONDS} seconds.`;
  if (seconds > MAX_SECONDS) return `A fault lasts at most ${MAX_SECONDS} seconds (24 hours).`;
  return null;
}

interface FaultFormProps {
  environmentId: string;
  readOnly: boolean;
}

export function FaultForm({ environmentId, readOnly }: FaultFormProps) {
  const ids = { heading: useId(), check: useId(), severity: useId(), duration: useId(), durationError: useId() };
  const [check, setCheck] = useState<CheckName>('cpu');
  const [severity, setSeverity] = useState<Severity>('critical');
  const [duration, setDuration] = useState('300');
  const [durationError, setDurationError] = useState<string | null>(null);
  // The same request sent again after a lost answer keeps its key, so the core runs it once.
  const attempt = useAttemptKey();
  const mutation = useInjectFault();

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (mutation.isPending) return;
    const problem = durationProblem(duration);
    setDurationError(problem);
    if (problem !== null) return;
    const request = { environmentId, check, severity, durationSeconds: Number(duration.trim()) };
    mutation.mutate({ ...request, idempotencyKey: attempt.for(request) }, { onSettled: (_, error) => attempt.settled(error) });
  }

  return (
    <form className="fault-form" aria-labelledby={ids.heading} onSubmit={onSubmit} noValidate>
      <h3 id={ids.heading}>Simulate fault</h3>
      <p className="muted">Starts a fault on this simulated environment, for drills and demos.</p>
      <div className="form-row">
        <div className="field">
          <label htmlFor={ids.check}>Check</label>
          <select
            id={ids.check}
            value={check}
            onChange={(event) => {
              const parsed = CheckName.safeParse(event.target.value);
              if (parsed.success) setCheck(parsed.data);
            }}
          >
            {CheckName.options.map((name) => (
              <option key={name} value={name}>
                {CHECK_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.severity}>Severity</label>
          <select
            id={ids.severity}
            value={severity}
            onChange={(event) => {
              const chosen = SEVERITIES.find((option) => option === event.target.value);
              if (chosen !== undefined) setSeverity(chosen);
            }}
          >
            {SEVERITIES.map((option) => (
              <option key={option} value={option}>
                {STATUS_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.duration}>Duration (seconds)</label>
          <input
            id={ids.duration}
            type="number"
            inputMode="numeric"
            min={MIN_SECONDS}
            max={MAX_SECONDS}
            step={1}
            value={duration}
            aria-invalid={durationError !== null}
            aria-describedby={durationError === null ? undefined : ids.durationError}
            onChange={(event) => {
              setDuration(event.target.value);
              setDurationError(null);
            }}
          />
        </div>
      </div>
      {durationError !== null && (
        <p id={ids.durationError} className="field-error" role="alert">
          {durationError}
        </p>
      )}
      {readOnly && <p className="muted">Watchfloor runs read-only: commands are turned off.</p>}
      <button type="submit" className="primary" disabled={readOnly || mutation.isPending}>
        Start fault
      </button>
      {/* One status region for pending and success, so the outcome replaces the progress in place. */}
      <p className="form-result" role="status" hidden={!mutation.isPending && !mutation.isSuccess}>
        {mutation.isPending && 'Starting the fault…'}
        {mutation.isSuccess && `Fault started on ${mutation.data.server} until ${formatAbsolute(mutation.data.until)}.`}
      </p>
      {mutation.isError && (
        <p className="form-result form-result-error" role="alert">
          The fault did not start: {describeFailure(mutation.error)}
        </p>
      )}
    </form>
  );
}
