import type { ScopeMember } from '../../../../shared/contract/incidents.js';
import { zonedTime } from '../../../../shared/time/zoned-time.js';
import { formatZonedTime } from '../calendar/calendar-format.js';

const KIND_NAMES = { customer: 'Customer', environment: 'Environment', region: 'Region' } as const;

/** Who and what is in scope, each with its region's local time now: a person calling a customer sees it is 03:00 there. */
export function ScopeList({ scope, now, label }: { scope: readonly ScopeMember[]; now: number; label: string }) {
  if (scope.length === 0) return <p className="muted">Nothing in scope yet.</p>;
  return (
    <table className="data-table scope-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Name</th>
          <th scope="col">Region</th>
          <th scope="col">Local time</th>
        </tr>
      </thead>
      <tbody>
        {scope.map((member) => (
          <tr key={`${member.kind}:${member.id}`}>
            <td>{KIND_NAMES[member.kind]}</td>
            <th scope="row">
              {member.name}
              {member.name !== member.id && <span className="muted env-id"> {member.id}</span>}
            </th>
            <td>{member.regionId}</td>
            <td>
              <span className="local-time">{formatZonedTime(zonedTime(now, member.timeZone))}</span> <span className="muted">{member.timeZone}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
