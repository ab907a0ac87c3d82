import { HEALTH_ORDER, type RegionView } from '../../../../shared/contract/index.js';
import { statusOfCode } from '../../../../shared/contract/fleet-snapshot.js';
import { SITE_ROLE_LABELS, STATUS_LABELS } from '../../components/labels.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { useNow } from '../../time/clock.js';
import { formatCount, formatZonedClock } from '../../time/format.js';
import { groupSize, worstCode, worstFirst, type GroupCounts } from './group-counts.js';
import { useRegionSummaryStore } from './region-summary-store.js';

interface RegionCardsProps {
  regions: readonly RegionView[];
  /** Of the whole fleet: a line shows its region whatever the filters. */
  counts: GroupCounts;
  selectedRegionId: string | null;
  onToggle: (regionId: string) => void;
}

/** Six fixed slots, an icon and a number each (the name for hover and screen readers), so a line stays one line and nothing shifts. */
function CompactCounts({ tally, group }: { tally: Int32Array; group: number }) {
  return (
    <ul className="region-counts">
      {HEALTH_ORDER.map((status, code) => {
        const count = tally[group * HEALTH_ORDER.length + code] ?? 0;
        return (
          <li key={status} className={`region-count status-${status}${count === 0 ? ' is-zero' : ''}`} title={STATUS_LABELS[status]}>
            <StatusIcon status={status} />
            <span className="count-number">{formatCount(count)}</span>
            <span className="sr-only">{STATUS_LABELS[status]}</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One line per region, worst first (then by how many share the worst status): its status, counts
 * and clock. A line opens to its sites, worst first too; which lines are open is remembered.
 */
export function RegionCards({ regions, counts, selectedRegionId, onToggle }: RegionCardsProps) {
  const now = useNow();
  const expanded = useRegionSummaryStore((state) => state.expanded);
  const toggleExpanded = useRegionSummaryStore((state) => state.toggle);
  const firstSites: number[] = [];
  regions.reduce((first, region) => {
    firstSites.push(first);
    return first + region.sites.length;
  }, 0);
  const order = worstFirst(
    counts.region,
    regions.map((_, position) => position),
  );
  return (
    <section className="regions">
      <h2 className="sr-only">Regions</h2>
      <ul className="region-cards">
        {order.map((regionPosition) => {
          const region = regions[regionPosition];
          if (region === undefined) return null;
          const firstSite = firstSites[regionPosition] ?? 0;
          const selected = selectedRegionId === region.id;
          const open = expanded.has(region.id);
          const sitesId = `region-sites-${region.id}`;
          const sites = worstFirst(
            counts.site,
            region.sites.map((_, offset) => firstSite + offset),
          );
          return (
            <li key={region.id} className={`region-card${selected ? ' is-selected' : ''}${open ? ' is-open' : ''}`}>
              <div className="region-line">
                <button
                  type="button"
                  className="region-expand"
                  aria-expanded={open}
                  aria-controls={sitesId}
                  aria-label={`Sites of ${region.name}`}
                  onClick={() => toggleExpanded(region.id)}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                </button>
                <button
                  type="button"
                  className="region-name"
                  aria-pressed={selected}
                  title={selected ? 'Show every region' : `Show only ${region.name}`}
                  onClick={() => onToggle(region.id)}
                >
                  {region.name}
                </button>
                <StatusBadge status={statusOfCode(worstCode(counts.region, regionPosition))} />
                <CompactCounts tally={counts.region} group={regionPosition} />
                <span className="region-total">{formatCount(groupSize(counts.region, regionPosition))} environments</span>
                <span className="region-clock" title={`Now in ${region.timeZone}`}>
                  {formatZonedClock(now, region.timeZone)}
                </span>
                <span className="region-zone">{region.timeZone}</span>
              </div>
              {open && (
                <div id={sitesId} className="region-more">
                  <p className="region-meta">
                    <span>Data stays in {region.residency}</span>
                    {region.cloud !== undefined && <span>{region.cloud}</span>}
                  </p>
                  <ul className="site-list">
                    {sites.map((position) => {
                      const site = region.sites[position - firstSite];
                      if (site === undefined) return null;
                      return (
                        <li key={site.id} className="site-item">
                          <span className="site-name" title={site.name}>
                            {site.name}
                          </span>
                          <span className="site-role">{SITE_ROLE_LABELS[site.role]}</span>
                          {groupSize(counts.site, position) === 0 ? (
                            <span className="site-empty">No environments</span>
                          ) : (
                            <StatusBadge status={statusOfCode(worstCode(counts.site, position))} />
                          )}
                          {groupSize(counts.site, position) > 0 && <CompactCounts tally={counts.site} group={position} />}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
