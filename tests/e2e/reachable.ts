import { expect, type Locator } from '@playwright/test';

/** The operator's two screens of issue 14: a laptop and a NOC monitor. */
export const SCREENS = [
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
] as const;

/**
 * Every enabled or disabled button under `root` can be brought fully into sight: after scrolling it
 * into view (the page's or its table's own scroll), its box lies inside the viewport and inside every
 * ancestor that clips (overflow other than visible), and nothing lies over its middle. A control cut off by a too-narrow column, or
 * pushed past a clipping frame, fails with its name.
 */
export async function expectButtonsReachable(root: Locator): Promise<number> {
  const clipped = await root.evaluate((element) => {
    const problems: string[] = [];
    const buttons = [...element.querySelectorAll('button')].filter((button) => button.getClientRects().length > 0);
    for (const button of buttons) {
      button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = button.getBoundingClientRect();
      const name = button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '?';
      const inside = (left: number, top: number, right: number, bottom: number) =>
        box.left >= left - 0.5 && box.top >= top - 0.5 && box.right <= right + 0.5 && box.bottom <= bottom + 0.5;
      if (!inside(0, 0, window.innerWidth, window.innerHeight)) {
        problems.push(`${name}: ${JSON.stringify(box)} outside the ${window.innerWidth}×${window.innerHeight} viewport`);
        continue;
      }
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit === null || !button.contains(hit)) {
        problems.push(`${name}: covered by ${hit === null ? 'nothing' : `${hit.tagName.toLowerCase()}.${hit.className}`}`);
        continue;
      }
      for (let parent = button.parentElement; parent !== null; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const frame = parent.getBoundingClientRect();
        if (!inside(frame.left + parent.clientLeft, frame.top + parent.clientTop, frame.left + parent.clientLeft + parent.clientWidth, frame.top + parent.clientTop + parent.clientHeight)) {
          problems.push(`${name}: clipped by ${parent.tagName.toLowerCase()}.${parent.className}`);
          break;
        }
      }
    }
    return { problems, count: buttons.length };
  });
  expect(clipped.problems).toEqual([]);
  return clipped.count;
}
