import { useId, useRef, useState, type FormEvent } from 'react';
import type { AlertView, SilenceView } from '../../../../shared/contract/alerts.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { useCreateSilence } from '../../api/queries.js';
import { SEVERITY_LABELS } from './alert-model.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import {
  defaultMatchers,
  DURATION_CHOICES,
  durationMinutes,
  isDurationChoice,
  isOperator,
  OPERATORS,
  toMatcher,
  type DurationChoice,
  type MatcherDraft,
} from './silence-form.js';

interface SilenceDialogProps {
  alert: AlertView;
  onClose: () => void;
  onCreated: (silence: SilenceView) => void;
}

const ROOTS = ['input.'];
const MIN_REASON = 3;

export function SilenceDialog({ alert, onClose, onCreated }: SilenceDialogProps) {
  const ids = { duration: useId(), custom: useId(), matchers: useId() };
  const [choice, setChoice] = useState<DurationChoice>('60');
  const [custom, setCustom] = useState('90');
  const [reason, setReason] = useState('');
  const [matchers, setMatchers] = useState<MatcherDraft[]>(() => defaultMatchers(alert));
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const nextMatcherId = useRef(matchers.length + 1);
  // The same request sent again after a lost answer keeps its key, so Alertmanager gets one silence.
  const attempt = useAttemptKey();
  const mutation = useCreateSilence();

  function updateMatcher(id: number, change: Partial<MatcherDraft>): void {
    setMatchers((current) => current.map((matcher) => (matcher.id === id ? { ...matcher, ...change } : matcher)));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (mutation.isPending) return;
    const minutes = durationMinutes(choice, custom);
    const local = new Map<string, string>();
    if (typeof minutes === 'string') local.set('durationMinutes', minutes);
    if (reason.trim().length < MIN_REASON) local.set('comment', `Give a reason of at least ${MIN_REASON} characters; it is recorded with the silence.`);
    if (matchers.length === 0) local.set('matchers', 'Add at least one matcher, e.g. environment="acme-prod".');
    matchers.forEach((matcher, position) => {
      if (matcher.name.trim() === '') local.set(`matchers[${position}].name`, 'Enter a label name.');
    });
    if (local.size > 0 || typeof minutes === 'string') {
      setErrors({ fields: local, other: null });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    const request = { connectionId: alert.connectionId, matchers: matchers.map(toMatcher), durationMinutes: minutes, comment: reason.trim() };
    mutation.mutate(
      { ...request, idempotencyKey: attempt.for(request) },
      {
        onSuccess: (silence) => onCreated(silence),
        onError: (error) => setErrors(fieldErrorsOf(error, ROOTS)),
        onSettled: (_, error) => attempt.settled(error),
      },
    );
  }

  const durationError = errorFor(errors, 'durationMinutes');
  const reasonError = errorFor(errors, 'comment');
  const matchersError = errors.fields.get('matchers');

  return (
    <ModalDialog title={`Silence ${alert.name}`} onClose={onClose} className="silence-dialog">
      <p className="muted">
        {SEVERITY_LABELS[alert.severity]} on {alert.environmentId ?? 'no environment'}, through <code>{alert.connectionId}</code>. Alerts that match
        every matcher stay quiet until the silence ends.
      </p>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor={ids.duration}>Duration</label>
            <select
              id={ids.duration}
              value={choice}
              onChange={(event) => {
                if (isDurationChoice(event.target.value)) setChoice(event.target.value);
              }}
            >
              {DURATION_CHOICES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          {choice === 'custom' && (
            <div className="field">
              <label htmlFor={ids.custom}>Minutes</label>
              <input
                id={ids.custom}
                type="number"
                inputMode="numeric"
                min={1}
                max={43_200}
                step={1}
                value={custom}
                aria-invalid={durationError !== undefined}
                aria-describedby={durationError === undefined ? undefined : `${ids.custom}-error`}
                onChange={(event) => {
                  setCustom(event.target.value);
                }}
              />
            </div>
          )}
        </div>
        {durationError !== undefined && (
          <p id={`${ids.custom}-error`} className="field-error">
            {durationError}
          </p>
        )}

        <FormField label="Reason (required)" error={reasonError} className="field-wide">
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={reason}
              required
              placeholder="e.g. Patching the database server, INC-1234"
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
          )}
        </FormField>

        <fieldset className="matchers" aria-describedby={matchersError === undefined ? undefined : ids.matchers}>
          <legend>Matchers</legend>
          {matchers.map((matcher, position) => {
            const nameError = errorFor(errors, `matchers[${position}]`);
            return (
              <div key={matcher.id} className="matcher-row">
                <input
                  aria-label={`Matcher ${position + 1} label`}
                  value={matcher.name}
                  aria-invalid={nameError !== undefined}
                  onChange={(event) => updateMatcher(matcher.id, { name: event.target.value })}
                />
                <select
                  aria-label={`Matcher ${position + 1} operator`}
                  value={matcher.operator}
                  onChange={(event) => {
                    if (isOperator(event.target.value)) updateMatcher(matcher.id, { operator: event.target.value });
                  }}
                >
                  {OPERATORS.map((operator) => (
                    <option key={operator} value={operator}>
                      {operator}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={`Matcher ${position + 1} value`}
                  value={matcher.value}
                  onChange={(event) => updateMatcher(matcher.id, { value: event.target.value })}
                />
                <button
                  type="button"
                  aria-label={`Remove matcher ${position + 1}`}
                  onClick={() => {
                    setMatchers((current) => current.filter((candidate) => candidate.id !== matcher.id));
                  }}
                >
                  Remove
                </button>
                {nameError !== undefined && <p className="field-error matcher-error">{nameError}</p>}
              </div>
            );
          })}
          <button
            type="button"
            onClick={() => {
              nextMatcherId.current += 1;
              setMatchers((current) => [...current, { id: nextMatcherId.current, name: '', operator: '=', value: '' }]);
            }}
          >
            Add matcher
          </button>
          {matchersError !== undefined && (
            <p id={ids.matchers} className="field-error">
              {matchersError}
            </p>
          )}
        </fieldset>

        {errors.other !== null && <FormFailure what="The silence was not created" reason={errors.other} />}
        <DialogActions label="Create silence" pendingLabel="Creating silence…" pending={mutation.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
