import { useId, useState } from 'react';
import type { RegionBanner } from '../../../../shared/contract/calendar.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { useRegionBanners } from './calendar-queries.js';

type CopyState = { regionId: string; ok: boolean } | null;

function BannerItem({ banner, copy, onCopy }: { banner: RegionBanner; copy: CopyState; onCopy: (banner: RegionBanner) => void }) {
  const textId = useId();
  const mine = copy?.regionId === banner.regionId ? copy : null;
  return (
    <li className="region-banner-item">
      <h3>{banner.regionName}</h3>
      <p id={textId} className="region-banner-text">
        {banner.text}
      </p>
      <div className="region-banner-actions">
        <button type="button" aria-describedby={textId} onClick={() => onCopy(banner)}>
          Copy {banner.regionName} banner
        </button>
        {/* A fixed slot for the answer, so the button never moves. */}
        <span className="copy-result" role="status">
          {mine?.ok === true && (
            <>
              <StatusIcon status="ok" /> Copied
            </>
          )}
          {mine?.ok === false && (
            <>
              <StatusIcon status="critical" /> Copying was refused; select the text and copy it by hand.
            </>
          )}
        </span>
      </div>
    </li>
  );
}

/** The in-product banner text per region for its next maintenance, ready to paste into the product's dashboard. */
export function RegionBanners() {
  const headingId = useId();
  const banners = useRegionBanners();
  const [copy, setCopy] = useState<CopyState>(null);

  function onCopy(banner: RegionBanner): void {
    // The clipboard exists only in secure contexts (the app's own page and 127.0.0.1 are).
    const clipboard: Clipboard | undefined = navigator.clipboard;
    if (clipboard === undefined) {
      setCopy({ regionId: banner.regionId, ok: false });
      return;
    }
    clipboard.writeText(banner.text).then(
      () => setCopy({ regionId: banner.regionId, ok: true }),
      () => setCopy({ regionId: banner.regionId, ok: false }),
    );
  }

  return (
    <section className="calendar-panel region-banners" aria-labelledby={headingId}>
      <h2 id={headingId}>Dashboard banners</h2>
      {banners.isError && <ErrorAlert title="The banners could not be loaded." error={banners.error} onRetry={() => void banners.refetch()} />}
      {banners.data === undefined ? (
        !banners.isError && (
          <p className="muted" role="status">
            Loading…
          </p>
        )
      ) : banners.data.length === 0 ? (
        <p className="muted">No region has maintenance coming.</p>
      ) : (
        <ul className="region-banner-list">
          {banners.data.map((banner) => (
            <BannerItem key={banner.regionId} banner={banner} copy={copy} onCopy={onCopy} />
          ))}
        </ul>
      )}
    </section>
  );
}
