import { describeProblem, type DefinitionProblem } from '../../../shared/contract/index.js';

export function DefinitionProblemList({ problems }: { problems: readonly DefinitionProblem[] }) {
  return (
    <ul className="problem-list">
      {problems.map((problem, position) => (
        <li key={position}>
          <code>{describeProblem(problem)}</code>
        </li>
      ))}
    </ul>
  );
}

export function problemSummary(count: number): string {
  return `The fleet file has ${count} ${count === 1 ? 'problem' : 'problems'}; Watchfloor keeps running on the last good definition.`;
}
