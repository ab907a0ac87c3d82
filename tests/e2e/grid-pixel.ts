/**
 * Runs in the page (playwright serializes it): the colour the heat grid drew at a point of its
 * content, and the colour the theme gives a status. The tests compile without the DOM library;
 * these declarations name only what the function touches.
 */

interface Box {
  left: number;
  top: number;
  width: number;
}

interface Element {
  getBoundingClientRect(): Box;
  style: { color: string };
  remove(): void;
}

interface Canvas extends Element {
  width: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null;
}

declare const document: {
  querySelector(selector: string): Element | null;
  createElement(tag: string): Element;
  body: { append(element: Element): void };
};
declare function getComputedStyle(element: Element): { color: string };

export function gridPixel({ x, y, status }: { x: number; y: number; status: string }): { pixel: number[]; expected: number[] } {
  const canvas = document.querySelector('[data-heat-grid] canvas') as Canvas | null;
  const content = document.querySelector('.heat-content');
  if (!canvas || !content) throw new Error('no grid canvas');
  const box = canvas.getBoundingClientRect();
  const origin = content.getBoundingClientRect();
  const ratio = canvas.width / box.width;
  const data = canvas.getContext('2d')?.getImageData(Math.round((x - (box.left - origin.left)) * ratio), Math.round((y - (box.top - origin.top)) * ratio), 1, 1).data;
  const probe = document.createElement('div');
  probe.style.color = `var(--${status})`;
  document.body.append(probe);
  const expected = getComputedStyle(probe).color.match(/\d+/g)?.map(Number) ?? [];
  probe.remove();
  return { pixel: data ? [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0] : [], expected: expected.slice(0, 3) };
}
