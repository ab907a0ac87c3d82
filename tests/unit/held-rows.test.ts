import { describe, expect, it } from 'vitest';
import { heldRows, pendingChanges, type RowIdentity } from '../../renderer/src/components/held-list/held-rows.js';

interface Item {
  id: string;
  rank: number;
  text: string;
}

const identity: RowIdentity<Item> = { keyOf: (item) => item.id, versionOf: (item) => String(item.rank) };

const a = { id: 'a', rank: 1, text: 'disk 80%' };
const b = { id: 'b', rank: 2, text: 'cpu 70%' };
const c = { id: 'c', rank: 3, text: 'lag 2s' };

describe('a list held still', () => {
  it('keeps the shown order with each row’s new text, and keeps a row that left the list', () => {
    const shown = [a, b, c];
    const live = [{ id: 'n', rank: 0, text: 'new' }, { ...c, text: 'lag 9s' }, a];
    expect(heldRows(shown, live, identity).map((item) => `${item.id} ${item.text}`)).toEqual(['a disk 80%', 'b cpu 70%', 'c lag 9s']);
  });

  it('counts what waits: one new, one whose rank changed (a text change does not move it), one gone', () => {
    const shown = [a, b, c];
    const live = [{ id: 'n', rank: 0, text: 'new' }, { ...a, rank: 5 }, { ...c, text: 'lag 9s' }];
    expect(pendingChanges(shown, live, identity)).toEqual({ added: 1, changed: 1, gone: 1 });
  });

  it('counts nothing when the live list is the shown one', () => {
    const shown = [a, b];
    expect(pendingChanges(shown, shown, identity)).toEqual({ added: 0, changed: 0, gone: 0 });
  });
});
