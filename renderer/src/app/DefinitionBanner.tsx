import { useSystemInfo } from '../api/queries.js';
import { DefinitionProblemList, problemSummary } from '../components/DefinitionProblemList.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

export function DefinitionBanner() {
  const info = useSystemInfo();
  if (info.isError) {
    return <ErrorAlert title="System information could not be loaded." error={info.error} onRetry={() => void info.refetch()} />;
  }
  const problems = info.data?.definition.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <div className="banner banner-warning" role="alert">
      <p className="banner-title">{problemSummary(problems.length)}</p>
      <DefinitionProblemList problems={problems} />
    </div>
  );
}
