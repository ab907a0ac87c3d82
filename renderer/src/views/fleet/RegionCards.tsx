import type { RegionView } from '../../../../shared/contract/index.js';
import { statusOfCode } from '../../../../shared/contract/fleet-snapshot.js';
import { SITE_ROLE_LABELS } from '../../components/labels.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { StatusCounts } from '../../components/StatusCounts.js';
import { useNow } from '../../time/clock.js';
import { formatZonedClock } from '../../time/format.js';
import { countsFrom } from './fleet-query.js';
import { groupSize, worstCode, type GroupCounts } from './group-counts.js';

interface RegionCardsProps {
  regions: readonly RegionView[];
  /** Of the whole fleet: a card shows its region whatever the filters. */
  counts: GroupCounts;
  selectedRegionId: string | null;
  onToggle: (regionId: string) => void;
}

export function RegionCards({ regions, counts, selectedRegionId, onToggle }: RegionCardsProps) {
  const now = useNow();
  let sitePosition = 0;
  return (
    <section className="regions">
      <h2 className="sr-only">Regions</h2>
      <ul className="region-cards">
        {regions.map((region, regionPosition) => {
          const firstSite = sitePosition;
          sitePosition += region.sites.length;
          const selected = selectedRegionId === region.id;
          return (
            // The whole card is the click target for a mouse; its button gives keyboard and screen-reader access.
            <li key={region.id} className={`region-card${selected ? ' is-selected' : ''}`} onClick={() => onToggle(region.id)}>
              <div className="region-head">
                <button type="button" className="region-name" aria-pressed={selected} title={selected ? 'Show every region' : `Show only ${region.name}`}>
                  {region.name}
                </button>
                <StatusBadge status={statusOfCode(worstCode(counts.region, regionPosition))} />
              </div>
              <p className="region-meta">
                <span className="region-clock" title={region.timeZone}>
                  {formatZonedClock(now, region.timeZone)}
                </span>
                <span>{region.timeZone}</span>
                <span>Data stays in {region.residency}</span>
                {region.cloud !== undefined && <span>{region.cloud}</span>}
              </p>
              <StatusCounts counts={countsFrom(counts.region, regionPosition)} />
              <ul className="site-list">
                {region.sites.map((site, offset) => {
                  const position = firstSite + offset;
                  return (
                    <li key={site.id} className="site-item">
                      <span className="site-name">{site.name}</span>
                      <span className="site-role">{SITE_ROLE_LABELS[site.role]}</span>
                      {groupSize(counts.site, position) === 0 ? (
                        <span className="site-empty">No environments</span>
                      ) : (
                        <StatusBadge status={statusOfCode(worstCode(counts.site, position))} />
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
