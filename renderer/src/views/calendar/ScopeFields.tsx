import { useId } from 'react';
import type { CalendarView } from '../../../../shared/contract/calendar.js';
import { errorFor, type FieldErrors } from '../../api/field-errors.js';
import { FormField } from '../../components/FormField.js';
import type { ScopeDraft } from './window-form.js';

interface ScopeFieldsProps {
  scope: ScopeDraft;
  regions: CalendarView['regions'];
  /** Errors by field below the form's root: `scope` for the whole (nothing chosen), `scope.sites…` for a list. */
  errors: FieldErrors;
  onChange: (scope: ScopeDraft) => void;
}

/** Whom a window concerns: whole regions ticked, or sites, tenants and environments by id. */
export function ScopeFields({ scope, regions, errors, onChange }: ScopeFieldsProps) {
  const errorId = useId();
  const whole = errors.fields.get('scope') ?? errorFor(errors, 'scope.regions');
  const listError = (part: string) => errorFor(errors, `scope.${part}`);
  return (
    <fieldset className="scope-fields" aria-describedby={whole === undefined ? undefined : errorId}>
      <legend>Scope</legend>
      <div className="scope-regions" role="group" aria-label="Regions">
        {regions.map((region) => (
          <label key={region.id}>
            <input
              type="checkbox"
              checked={scope.regions.includes(region.id)}
              onChange={(event) =>
                onChange({
                  ...scope,
                  regions: event.target.checked ? [...scope.regions, region.id] : scope.regions.filter((id) => id !== region.id),
                })
              }
            />
            {region.name} <span className="muted">({region.timeZone})</span>
          </label>
        ))}
      </div>
      <div className="form-grid">
        <FormField label="Sites" error={listError('sites')} hint="Ids, comma-separated">
          {(props) => <input {...props} value={scope.sites} spellCheck={false} onChange={(event) => onChange({ ...scope, sites: event.target.value })} />}
        </FormField>
        <FormField label="Tenants" error={listError('tenants')} hint="Ids, comma-separated">
          {(props) => <input {...props} value={scope.tenants} spellCheck={false} onChange={(event) => onChange({ ...scope, tenants: event.target.value })} />}
        </FormField>
        <FormField label="Environments" error={listError('environments')} hint="Ids, comma-separated">
          {(props) => (
            <input {...props} value={scope.environments} spellCheck={false} onChange={(event) => onChange({ ...scope, environments: event.target.value })} />
          )}
        </FormField>
      </div>
      {whole !== undefined && (
        <p id={errorId} className="field-error">
          {whole}
        </p>
      )}
    </fieldset>
  );
}
