import { expect, type Locator } from '@playwright/test';

/** The operator's two screens of issue 14: a laptop and a NOC monitor. */
export const SCREENS = [
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
] as const;

/**
 * Every button and link under `root` can be brought fully into sight: after scrolling it into view
 * (the page's or its table's own scroll), its box lies inside the viewport and inside every ancestor
 * that clips (overflow other than visible), and nothing lies over its middle. A control cut off by a
 * too-narrow column, pushed past a clipping frame or run under a panel fails with its name.
 */
export async function expectButtonsReachable(root: Locator): Promise<number> {
  const clipped = await root.evaluate((element) => {
    const page = element.ownerDocument;
    const view = page.defaultView;
    if (view === null) throw new Error('the element is in no window');
    const problems: string[] = [];
    const buttons = [...element.querySelectorAll('button, a[href]')].filter((button) => button.getClientRects().length > 0);
    for (const button of buttons) {
      button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = button.getBoundingClientRect();
      const name = button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '?';
      const inside = (left: number, top: number, right: number, bottom: number) =>
        box.left >= left - 0.5 && box.top >= top - 0.5 && box.right <= right + 0.5 && box.bottom <= bottom + 0.5;
      if (!inside(0, 0, view.innerWidth, view.innerHeight)) {
        problems.push(`${name}: ${JSON.stringify(box)} outside the ${view.innerWidth}×${view.innerHeight} viewport`);
        continue;
      }
      const hit = page.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit === null || !button.contains(hit)) {
        problems.push(`${name}: covered by ${hit === null ? 'nothing' : `${hit.tagName.toLowerCase()}.${hit.className}`}`);
        continue;
      }
      for (let parent = button.parentElement; parent !== null; parent = parent.parentElement) {
        const style = view.getComputedStyle(parent);
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
