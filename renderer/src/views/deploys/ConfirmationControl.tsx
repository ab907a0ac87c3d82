import type { Confirmation } from '../../../../shared/contract/deploys.js';
import { FormField } from '../../components/FormField.js';
import type { ConfirmationGiven } from './deploy-form.js';

interface ConfirmationControlProps {
  confirmation: Confirmation;
  given: ConfirmationGiven;
  onChange: (given: ConfirmationGiven) => void;
}

/** A click for little risk, a ticked box for more, the exact name typed for production. */
export function ConfirmationControl({ confirmation, given, onChange }: ConfirmationControlProps) {
  switch (confirmation.level) {
    case 'click':
      return <p className="muted confirmation-why">{confirmation.why}</p>;
    case 'confirm':
      return (
        <div className="confirmation">
          <label className="confirmation-check">
            <input type="checkbox" checked={given.checked} onChange={(event) => onChange({ ...given, checked: event.target.checked })} />I have checked the
            blast radius
          </label>
          <p className="muted confirmation-why">{confirmation.why}</p>
        </div>
      );
    case 'type':
      return (
        <FormField label={`Type ${confirmation.phrase ?? ''} to confirm`} error={undefined} hint={confirmation.why} className="confirmation">
          {(props) => (
            <input {...props} value={given.typed} spellCheck={false} autoComplete="off" onChange={(event) => onChange({ ...given, typed: event.target.value })} />
          )}
        </FormField>
      );
  }
}
