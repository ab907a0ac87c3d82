import type { RegionView, Rollup, RollupScope, StatusCounts as Counts } from '../../../../shared/contract/index.js';
import { SITE_ROLE_LABELS } from '../../components/labels.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { StatusCounts } from '../../components/StatusCounts.js';
import { useNow } from '../../time/clock.js';
import { formatZonedClock } from '../../time/format.js';

interface RegionCardsProps {
  regions: readonly RegionView[];
  rollups: (scope: RollupScope, id: string) => Rollup | undefined;
  selectedRegionId: string | null;
  onToggle: (regionId: string) => void;
}

export function RegionCards({ regions, rollups, selectedRegionId, onToggle }: RegionCardsProps) {
  const now = useNow();
  return (
    <section className="regions">
      <h2 className="sr-only">Regions</h2>
      <ul className="region-cards">
        {regions.map((region) => {
          const rollup = rollups('region', region.id);
          const selected = selectedRegionId === region.id;
          return (
            // The whole card is the click target for a mouse; its button gives keyboard and screen-reader access.
            <li key={region.id} className={`region-card${selected ? ' is-selected' : ''}`} onClick={() => onToggle(region.id)}>
              <div className="region-head">
                <button type="button" className="region-name" aria-pressed={selected} title={selected ? 'Show every region' : `Show only ${region.name}`}>
                  {region.name}
                </button>
                <StatusBadge status={rollup?.status ?? 'unknown'} />
              </div>
              <p className="region-meta">
                <span className="region-clock" title={region.timeZone}>
                  {formatZonedClock(now, region.timeZone)}
                </span>
                <span>{region.timeZone}</span>
                <span>Data stays in {region.residency}</span>
                {region.cloud !== undefined && <span>{region.cloud}</span>}
              </p>
              {rollup !== undefined && <StatusCounts counts={rollup.counts} />}
              <ul className="site-list">
                {region.sites.map((site) => {
                  const siteRollup = rollups('site', site.id);
                  return (
                    <li key={site.id} className="site-item">
                      <span className="site-name">{site.name}</span>
                      <span className="site-role">{SITE_ROLE_LABELS[site.role]}</span>
                      {siteRollup !== undefined && totalOf(siteRollup.counts) === 0 ? (
                        <span className="site-empty">No environments</span>
                      ) : (
                        <StatusBadge status={siteRollup?.status ?? 'unknown'} />
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function totalOf(counts: Counts): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
