import { useId, useState, type FormEvent } from 'react';
import type { DeploymentView, RemoteRunView } from '../../../../shared/contract/deploys.js';
import { describeFailure } from '../../api/call.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { formatAbsolute } from '../../time/format.js';
import { useRemoteRuns, useResolveLostTrack } from './deploys-queries.js';

const MIN_REASON = 10;

interface LostTrackFormProps {
  deployment: DeploymentView;
  blocked: string | null;
}

function describeRun(run: RemoteRunView): string {
  const parts = [run.version ?? 'release not named', run.state ?? 'state not said', run.key === null ? 'no console key' : `key ${run.key}`];
  if (run.createdAt !== null) parts.push(`created ${formatAbsolute(run.createdAt)}`);
  return parts.join(' · ');
}

/**
 * The console lost track of a deployment (the backend does not have it where it must be): the
 * runs the backend lists for the environment, and the two ways out, each with a written reason
 * kept in the audit trail: adopt one of them, or abandon the deployment.
 */
export function LostTrackForm({ deployment, blocked }: LostTrackFormProps) {
  const headingId = useId();
  const name = useId();
  const runs = useRemoteRuns(deployment.id, true);
  const resolve = useResolveLostTrack();
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState<'adopt' | 'abandon' | null>(null);
  // The same request sent again keeps its key, so a second click resolves nothing twice; a changed one gets a new key.
  const attempt = useAttemptKey();
  const reasonProblem = reason.trim().length >= MIN_REASON ? undefined : `expected a written reason of at least ${MIN_REASON} characters`;

  function submit(action: 'adopt' | 'abandon'): void {
    setTried(action);
    if (resolve.isPending || reasonProblem !== undefined) return;
    if (action === 'adopt' && chosen === null) return;
    const request = {
      id: deployment.id,
      resolution: action === 'adopt' && chosen !== null ? { action, remoteId: chosen } : { action: 'abandon' as const },
      reason: reason.trim(),
    };
    resolve.mutate({ ...request, idempotencyKey: attempt.for(request) }, { onSettled: (_, error) => attempt.settled(error) });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    submit('adopt');
  }

  const listed = runs.data?.runs ?? [];
  return (
    <section className="detail-section interruption" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <StatusIcon status="critical" /> Lost track: needs a person
      </h3>
      <p>
        {deployment.backendId} does not show this deployment where it must be. The console keeps asking; you can adopt a deployment the backend
        lists for {deployment.environmentId}, or abandon this one (nothing is changed on the backend).
      </p>
      {runs.isError && <ErrorAlert title="The backend's deployments could not be listed." error={runs.error} onRetry={() => void runs.refetch()} />}
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <fieldset className="interruption-answers">
          <legend>Deployments {deployment.backendId} lists for {deployment.environmentId}</legend>
          {runs.isPending && <p className="muted">Asking {deployment.backendId}…</p>}
          {!runs.isPending && listed.length === 0 && <p className="muted">It lists none.</p>}
          {listed.map((run) => (
            <label key={run.remoteId}>
              <input type="radio" name={name} value={run.remoteId} checked={chosen === run.remoteId} onChange={() => setChosen(run.remoteId)} />
              <span className="env-id">{run.remoteId}</span> <span className="muted">{describeRun(run)}</span>
              {run.matches && <strong> (this deployment's key, release and target)</strong>}
            </label>
          ))}
        </fieldset>
        {tried === 'adopt' && chosen === null && <p className="field-error">Choose the deployment to adopt.</p>}
        <FormField label="Reason (required, kept in the audit trail)" error={tried !== null ? reasonProblem : undefined} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />}
        </FormField>
        {resolve.error !== null && <FormFailure what="The lost track was not resolved" reason={describeFailure(resolve.error)} />}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={resolve.isPending || blocked !== null} title={blocked ?? undefined}>
            {resolve.isPending ? 'Sending…' : 'Adopt the chosen deployment'}
          </button>
          <button type="button" className="danger" disabled={resolve.isPending || blocked !== null} title={blocked ?? undefined} onClick={() => submit('abandon')}>
            Abandon this deployment
          </button>
        </div>
      </form>
    </section>
  );
}
