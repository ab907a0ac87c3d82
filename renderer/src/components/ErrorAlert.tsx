import { describeFailure } from '../api/call.js';

interface ErrorAlertProps {
  title: string;
  error: Error;
  onRetry?: () => void;
}

export function ErrorAlert({ title, error, onRetry }: ErrorAlertProps) {
  return (
    <div className="banner banner-error" role="alert">
      <p className="banner-title">{title}</p>
      <p>{describeFailure(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
