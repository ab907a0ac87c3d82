import type { HealthStatus } from '../../shared/contract/health.js';

/**
 * The tray icon is computed, not shipped: a shape per status so it reads without colour
 * (colour-blind operators, macOS monochrome template images), and a colour on top of it.
 */
export type TrayShape = 'disc' | 'triangle' | 'square' | 'ring' | 'bar';

export const SHAPE_OF: Readonly<Record<HealthStatus, TrayShape>> = {
  ok: 'disc',
  warning: 'triangle',
  critical: 'square',
  unknown: 'ring',
  stale: 'ring',
  maintenance: 'bar',
};

const COLOUR_OF: Readonly<Record<HealthStatus, readonly [number, number, number]>> = {
  ok: [46, 160, 67],
  warning: [210, 153, 34],
  critical: [218, 54, 51],
  unknown: [139, 148, 158],
  stale: [139, 148, 158],
  maintenance: [88, 166, 255],
};

/** Whether the pixel whose centre is (x, y), on a size×size grid, belongs to the shape. */
export function inShape(shape: TrayShape, size: number, x: number, y: number): boolean {
  const cx = x + 0.5 - size / 2;
  const cy = y + 0.5 - size / 2;
  const r = size / 2 - size / 16;
  switch (shape) {
    case 'disc':
      return cx * cx + cy * cy <= r * r;
    case 'ring': {
      const d = Math.sqrt(cx * cx + cy * cy);
      return d <= r && d >= r - size / 6;
    }
    case 'square':
      return Math.abs(cx) <= r * 0.85 && Math.abs(cy) <= r * 0.85;
    case 'bar':
      return Math.abs(cx) <= r && Math.abs(cy) <= size / 8;
    case 'triangle': {
      // Apex at the top centre, base along the bottom: the half-width grows linearly downwards.
      const top = -r;
      const bottom = r;
      if (cy < top || cy > bottom) return false;
      return Math.abs(cx) <= ((cy - top) / (bottom - top)) * r;
    }
  }
}

/** A size×size bitmap in the BGRA byte order `nativeImage.createFromBitmap` takes; `template` draws black for macOS to tint. */
export function trayBitmap(status: HealthStatus, size: number, template = false): Buffer {
  const [red, green, blue] = template ? [0, 0, 0] : COLOUR_OF[status];
  const shape = SHAPE_OF[status];
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!inShape(shape, size, x, y)) continue;
      const at = (y * size + x) * 4;
      pixels[at] = blue;
      pixels[at + 1] = green;
      pixels[at + 2] = red;
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}
