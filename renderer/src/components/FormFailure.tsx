interface FormFailureProps {
  /** What did not happen, e.g. "The window was not saved". */
  what: string;
  reason: string;
}

/** Why a form or a dialog's action failed, announced at once. */
export function FormFailure({ what, reason }: FormFailureProps) {
  return (
    <p className="form-result form-result-error" role="alert">
      {what}: {reason}
    </p>
  );
}
