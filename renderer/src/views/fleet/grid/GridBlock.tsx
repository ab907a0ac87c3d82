import { memo, useLayoutEffect, useRef } from 'react';
import type { StateColumns } from '../../../../../shared/contract/index.js';
import { CELL, PADDING, PITCH } from './grid-plan.js';

interface GridBlockProps {
  order: Int32Array;
  /** Index in `order` of the block's first cell. */
  first: number;
  count: number;
  columns: number;
  top: number;
  /** The live state; a new object for every applied batch, though its columns are written in place. */
  states: StateColumns;
  sprites: readonly HTMLCanvasElement[];
  pixelRatio: number;
}

interface Drawn {
  order: Int32Array;
  first: number;
  count: number;
  columns: number;
  sprites: readonly HTMLCanvasElement[];
  codes: Int8Array;
}

/**
 * Up to a few hundred cells on one canvas. After the first paint only the cells whose status
 * changed are repainted, so a batch of live changes costs a few sprite copies per visible block.
 */
export const GridBlock = memo(function GridBlock({ order, first, count, columns, top, states, sprites, pixelRatio }: GridBlockProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<Drawn | null>(null);
  const rows = Math.ceil(count / columns);

  useLayoutEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const previous = drawn.current;
    const same =
      previous !== null && previous.order === order && previous.first === first && previous.count === count && previous.columns === columns && previous.sprites === sprites;
    const codes = same ? previous.codes : new Int8Array(count).fill(-1);
    if (!same) context.clearRect(0, 0, context.canvas.width, context.canvas.height);
    const cell = Math.ceil(CELL * pixelRatio);
    const { status } = states;
    for (let offset = 0; offset < count; offset++) {
      const code = status[order[first + offset] ?? -1] ?? 0;
      if (codes[offset] === code) continue;
      const x = Math.round((offset % columns) * PITCH * pixelRatio);
      const y = Math.round(Math.floor(offset / columns) * PITCH * pixelRatio);
      context.clearRect(x, y, cell, cell);
      const sprite = sprites[code];
      if (sprite) context.drawImage(sprite, x, y);
      codes[offset] = code;
    }
    drawn.current = { order, first, count, columns, sprites, codes };
  });

  return (
    <canvas
      ref={canvasRef}
      className="heat-block"
      aria-hidden="true"
      width={Math.ceil(columns * PITCH * pixelRatio)}
      height={Math.ceil(rows * PITCH * pixelRatio)}
      style={{ width: columns * PITCH, height: rows * PITCH, transform: `translate(${PADDING}px, ${top}px)` }}
    />
  );
});
