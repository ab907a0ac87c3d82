import type { DefinitionProblem } from '../../../shared/contract/index.js';

/** `file:line:column path — message`, the way an editor jumps to it. */
export function formatProblem(problem: DefinitionProblem): string {
  const location = [problem.file, problem.line, problem.column].filter((part) => part !== null).join(':');
  const path = problem.path.length > 0 ? ` ${problem.path}` : '';
  return `${location}${path} — ${problem.message}`;
}

export function DefinitionProblemList({ problems }: { problems: readonly DefinitionProblem[] }) {
  return (
    <ul className="problem-list">
      {problems.map((problem, position) => (
        <li key={position}>
          <code>{formatProblem(problem)}</code>
        </li>
      ))}
    </ul>
  );
}

export function problemSummary(count: number): string {
  return `The fleet file has ${count} ${count === 1 ? 'problem' : 'problems'}; Watchfloor keeps running on the last good definition.`;
}
