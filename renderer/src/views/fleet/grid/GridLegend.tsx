import { useLayoutEffect, useRef } from 'react';
import { HEALTH_ORDER, type HealthStatus } from '../../../../../shared/contract/index.js';
import { STATUS_LABELS } from '../../../components/labels.js';
import { CELL } from './grid-plan.js';
import { drawGlyph, type Palette } from './cell-glyphs.js';

function Swatch({ status, palette, pixelRatio }: { status: HealthStatus; palette: Palette; pixelRatio: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    context.clearRect(0, 0, CELL, CELL);
    drawGlyph(context, status, 0, 0, CELL, palette);
  }, [status, palette, pixelRatio]);
  return <canvas ref={ref} aria-hidden="true" width={Math.ceil(CELL * pixelRatio)} height={Math.ceil(CELL * pixelRatio)} style={{ width: CELL, height: CELL }} />;
}

/** What each cell shape means, drawn by the same code as the cells. */
export function GridLegend({ palette, pixelRatio }: { palette: Palette; pixelRatio: number }) {
  return (
    <ul className="heat-legend" aria-label="Cell shapes">
      {HEALTH_ORDER.map((status) => (
        <li key={status}>
          <Swatch status={status} palette={palette} pixelRatio={pixelRatio} />
          <span>{STATUS_LABELS[status]}</span>
        </li>
      ))}
    </ul>
  );
}
