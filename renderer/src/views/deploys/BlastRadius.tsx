import { useId } from 'react';
import type { BlastRadius as Blast, DeployPreview } from '../../../../shared/contract/deploys.js';
import { EnvironmentKind } from '../../../../shared/fleet-definition/ids.js';
import { KIND_LABELS, kindWithRing } from '../../components/labels.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatCount } from '../../time/format.js';
import { formatZonedTime } from '../calendar/calendar-format.js';

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function kindsText(kinds: Blast['kinds']): string {
  return EnvironmentKind.options
    .flatMap((kind) => {
      const count = kinds[kind];
      return count === undefined || count === 0 ? [] : [`${KIND_LABELS[kind]} ${formatCount(count)}`];
    })
    .join(', ');
}

/** What the action touches, before the click: counts, regions in their local time and residency, and each environment. */
export function BlastRadius({ preview }: { preview: DeployPreview }) {
  const headingId = useId();
  const blast = preview.blastRadius;
  const unlisted = blast.environmentCount - blast.environments.length;
  return (
    <section className="deploy-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Blast radius: {preview.targetLabel}</h3>
      <p className="blast-counts">
        <strong>{plural(blast.environmentCount, 'environment', 'environments')}</strong>
        <span>{plural(blast.customerCount, 'customer', 'customers')}</span>
        <span>{plural(blast.regions.length, 'region', 'regions')}</span>
        <span>{kindsText(blast.kinds)}</span>
      </p>
      <table className="data-table" aria-label="Regions touched">
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Local time</th>
            <th scope="col">Data residency</th>
            <th scope="col">Environments</th>
          </tr>
        </thead>
        <tbody>
          {blast.regions.map((region) => (
            <tr key={region.id}>
              <th scope="row">{region.name}</th>
              <td title={region.localTime.timeZone}>{formatZonedTime(region.localTime)}</td>
              <td>{region.residency}</td>
              <td className="num">{formatCount(region.environmentCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="blast-environments">
        <table className="data-table" aria-label="Environments touched">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Customer</th>
              <th scope="col">Region, local time</th>
              <th scope="col">Kind</th>
              <th scope="col">Version</th>
              <th scope="col">Rollback</th>
              <th scope="col">Health</th>
            </tr>
          </thead>
          <tbody>
            {blast.environments.map((env) => (
              <tr key={env.id}>
                <th scope="row" className="env-id">
                  {env.id}
                </th>
                <td>{env.tenantName}</td>
                <td>
                  {env.regionName}, {formatZonedTime(env.localTime)} <span className="muted">({env.residency})</span>
                </td>
                <td>{kindWithRing(env.kind, env.ring ?? undefined)}</td>
                <td>
                  {env.currentVersion ?? 'unknown'} → {preview.version ?? 'its previous version'}
                </td>
                <td>{env.rollback}</td>
                <td>
                  <StatusBadge status={env.health} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unlisted > 0 && <p className="muted">…and {plural(unlisted, 'more environment', 'more environments')}, not listed here.</p>}
    </section>
  );
}
