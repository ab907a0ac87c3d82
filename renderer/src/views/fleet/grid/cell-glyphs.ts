import { HEALTH_ORDER, type HealthStatus } from '../../../../../shared/contract/index.js';

/** The theme's status colours, read from the CSS custom properties the rest of the app uses. */
export type Palette = Readonly<Record<HealthStatus, string>> & { readonly onFill: string; readonly onLight: string };

export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    critical: read('--critical', '#d55e00'),
    warning: read('--warning', '#e69f00'),
    unknown: read('--unknown', '#9a9a9a'),
    stale: read('--stale', '#cc79a7'),
    maintenance: read('--maintenance', '#0072b2'),
    ok: read('--ok', '#009e73'),
    onFill: read('--glyph-on-dark-fill', '#ffffff'),
    onLight: '#1a1a1a',
  };
}

function polygon(context: CanvasRenderingContext2D, x: number, y: number, size: number, points: ReadonlyArray<readonly [number, number]>): void {
  context.beginPath();
  points.forEach(([px, py], index) => {
    if (index === 0) context.moveTo(x + px * size, y + py * size);
    else context.lineTo(x + px * size, y + py * size);
  });
  context.closePath();
}

/** An exclamation mark: a bar and a dot, in unit coordinates of the glyph's box. */
function exclamation(context: CanvasRenderingContext2D, x: number, y: number, size: number, top: number, colour: string): void {
  context.fillStyle = colour;
  const width = Math.max(1.5, size * 0.16);
  const left = x + (size - width) / 2;
  context.fillRect(left, y + size * top, width, size * (0.66 - top));
  context.fillRect(left, y + size * 0.74, width, Math.max(1.5, size * 0.14));
}

/**
 * One status drawn as a shape as well as a colour, so the grid reads without colour: the shapes
 * of StatusIcon (octagon, triangle, circled ?, clock), simplified to stay legible at 13 px, with
 * a diamond for maintenance and a small calm square for OK, so that problems stand out.
 */
export function drawGlyph(context: CanvasRenderingContext2D, status: HealthStatus, x: number, y: number, size: number, palette: Palette): void {
  const centre = size / 2;
  context.fillStyle = palette[status];
  context.strokeStyle = palette[status];
  switch (status) {
    case 'critical':
      polygon(context, x, y, size, [[0.29, 0], [0.71, 0], [1, 0.29], [1, 0.71], [0.71, 1], [0.29, 1], [0, 0.71], [0, 0.29]]);
      context.fill();
      exclamation(context, x, y, size, 0.16, palette.onFill);
      return;
    case 'warning':
      polygon(context, x, y, size, [[0.5, 0], [1, 0.96], [0, 0.96]]);
      context.fill();
      exclamation(context, x, y, size, 0.34, palette.onLight);
      return;
    case 'unknown':
      context.beginPath();
      context.arc(x + centre, y + centre, size * 0.5, 0, Math.PI * 2);
      context.fill();
      // A question mark in strokes: text would need a font, and a font costs time on the first draw.
      context.strokeStyle = palette.onFill;
      context.fillStyle = palette.onFill;
      context.lineWidth = Math.max(1.4, size * 0.13);
      context.lineCap = 'round';
      context.beginPath();
      context.arc(x + centre, y + size * 0.36, size * 0.16, Math.PI * 1.1, Math.PI * 2.4);
      context.lineTo(x + centre, y + size * 0.6);
      context.stroke();
      context.fillRect(x + centre - context.lineWidth / 2, y + size * 0.7, context.lineWidth, context.lineWidth);
      return;
    case 'stale':
      context.lineWidth = Math.max(1.5, size * 0.14);
      context.lineCap = 'round';
      context.beginPath();
      context.arc(x + centre, y + centre, size * 0.42, 0, Math.PI * 2);
      context.moveTo(x + centre, y + size * 0.24);
      context.lineTo(x + centre, y + centre);
      context.lineTo(x + size * 0.72, y + size * 0.64);
      context.stroke();
      return;
    case 'maintenance':
      polygon(context, x, y, size, [[0.5, 0], [1, 0.5], [0.5, 1], [0, 0.5]]);
      context.fill();
      return;
    case 'ok':
      context.globalAlpha = 0.8;
      context.fillRect(x + size * 0.2, y + size * 0.2, size * 0.6, size * 0.6);
      context.globalAlpha = 1;
      return;
  }
}

/** Each status drawn once at the device's resolution; cells are then copies of these. */
export function makeSprites(palette: Palette, size: number, pixelRatio: number): HTMLCanvasElement[] {
  return HEALTH_ORDER.map((status) => {
    const sprite = document.createElement('canvas');
    sprite.width = Math.ceil(size * pixelRatio);
    sprite.height = Math.ceil(size * pixelRatio);
    const context = sprite.getContext('2d');
    if (context) {
      context.scale(pixelRatio, pixelRatio);
      drawGlyph(context, status, 0, 0, size, palette);
    }
    return sprite;
  });
}
