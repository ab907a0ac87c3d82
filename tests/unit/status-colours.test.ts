import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Critical and warning must stay apart from each other and from the page for operators with the
 * common red-green deficiencies: 3:1 (WCAG 2.x, non-text contrast) between the two marks and against
 * --bg and --surface, in both themes, as seen with normal vision, protanopia and deuteranopia.
 */

type Rgb = readonly [number, number, number];
type Matrix = readonly [Rgb, Rgb, Rgb];

const STYLES = join(import.meta.dirname, '../../renderer/src/styles/app.css');

/**
 * Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
 * Deficiency", IEEE TVCG 15(6): the severity 1.0 matrices of the authors' published table, applied to
 * linear sRGB (as Chromium's DevTools vision emulation does).
 */
const SIMULATIONS: Record<string, Matrix> = {
  'normal vision': [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};

/** The custom properties declared in the first rule whose selector is exactly `selector`. */
function tokensOf(css: string, selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector} in app.css`);
  const body = css.slice(start, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()]));
}

function linearOf(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new Error(`${hex} is not a #rrggbb colour`);
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => {
    const c = Number.parseInt(part ?? '', 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return [r ?? 0, g ?? 0, b ?? 0];
}

/** WCAG 2.x relative luminance of a colour as seen through `matrix`. */
function luminance(hex: string, matrix: Matrix): number {
  const rgb = linearOf(hex);
  const [r, g, b] = matrix.map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string, matrix: Matrix = SIMULATIONS['normal vision'] as Matrix): number {
  const [high, low] = [luminance(a, matrix), luminance(b, matrix)].sort((x, y) => y - x);
  return ((high ?? 0) + 0.05) / ((low ?? 0) + 0.05);
}

/** Hue in degrees of an sRGB colour, to say which colour name it reads as. */
function hueOf(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const span = max - Math.min(r, g, b);
  const hue = max === r ? ((g - b) / span) % 6 : max === g ? (b - r) / span + 2 : (r - g) / span + 4;
  return (hue * 60 + 360) % 360;
}

const css = readFileSync(STYLES, 'utf8');

describe('the contrast arithmetic', () => {
  it('gives the ratios WCAG and issue 14 quote', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    // Issue 14: the old critical (213,94,0) and warning (230,159,0) were 1.7:1 apart, warning 2.25:1 on white.
    expect(contrast('#d55e00', '#e69f00')).toBeCloseTo(1.72, 2);
    expect(contrast('#e69f00', '#ffffff')).toBeCloseTo(2.25, 2);
  });

  it('leaves greys alone in every simulation (each matrix row sums to one)', () => {
    for (const matrix of Object.values(SIMULATIONS)) expect(luminance('#808080', matrix)).toBeCloseTo(luminance('#808080', SIMULATIONS['normal vision'] as Matrix), 3);
  });
});

describe.each(['dark', 'light'])('the %s theme', (theme) => {
  const tokens = tokensOf(css, `:root[data-theme='${theme}']`);
  const critical = tokens.get('--critical') ?? '';
  const warning = tokens.get('--warning') ?? '';
  const backgrounds = ['--bg', '--surface'].map((name) => tokens.get(name) ?? '');

  it('shows critical as red and warning as amber', () => {
    const red = hueOf(critical);
    expect(red < 10 || red > 350, `critical ${critical} has hue ${red.toFixed(0)}°`).toBe(true);
    expect(hueOf(warning)).toBeGreaterThanOrEqual(35);
    expect(hueOf(warning)).toBeLessThanOrEqual(50);
  });

  it.each(Object.keys(SIMULATIONS))('keeps critical, warning and the background 3:1 apart with %s', (name) => {
    const matrix = SIMULATIONS[name] as Matrix;
    expect(contrast(critical, warning, matrix), `${critical} against ${warning}`).toBeGreaterThanOrEqual(3);
    for (const background of backgrounds) {
      expect(contrast(critical, background, matrix), `${critical} on ${background}`).toBeGreaterThanOrEqual(3);
      expect(contrast(warning, background, matrix), `${warning} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes legibly on a critical fill', () => {
    expect(contrast(tokens.get('--on-critical') ?? '', critical)).toBeGreaterThanOrEqual(4.5);
  });
});
