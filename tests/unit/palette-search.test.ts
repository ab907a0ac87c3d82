import { describe, expect, it } from 'vitest';
import { fuzzyScore } from '../../renderer/src/palette/fuzzy.js';
import { candidate, searchPalette, type PaletteSources } from '../../renderer/src/palette/palette-search.js';

describe('fuzzy matching', () => {
  it('finds the typed characters in order, not necessarily together, and ignores spaces', () => {
    expect(fuzzyScore('acprd', 'acme-prod')).not.toBeNull();
    expect(fuzzyScore('acme prod', 'acme-prod')).not.toBeNull();
    expect(fuzzyScore('dorp', 'acme-prod')).toBeNull();
  });

  it('ranks a run of characters at a word start above the same characters scattered', () => {
    // "prod" is a whole word of the first; in the second p, r, o, d are four words' letters apart.
    const together = fuzzyScore('prod', 'acme-prod') ?? -1;
    const scattered = fuzzyScore('prod', 'p-r-o-d-acme') ?? -1;
    expect(together).toBeGreaterThan(scattered);
  });
});

const view = (name: 'fleet' | 'alerts', label: string) => candidate({ key: `view:${name}`, target: { kind: 'view', view: name }, label, detail: 'View' });
const declare = candidate({ key: 'action:declare', target: { kind: 'declare', environmentId: null }, label: 'Declare an incident…', detail: '' });
const incident = candidate({ key: 'incident:INC-7', target: { kind: 'incident', id: 'INC-7' }, label: 'Checkout latency in Sydney', detail: '' }, 'INC-7');

const sources: PaletteSources = { candidates: [view('fleet', 'Fleet'), view('alerts', 'Alerts'), declare, incident], fleet: null, readOnly: false };

describe('the palette search', () => {
  it('offers the views and the actions before anything is typed', () => {
    expect(searchPalette('', sources).map((item) => item.label)).toEqual(['Fleet', 'Alerts', 'Declare an incident…']);
  });

  it('finds an incident by its id as well as by its title, and puts the best match first', () => {
    expect(searchPalette('inc-7', sources)[0]?.label).toBe('Checkout latency in Sydney');
    expect(searchPalette('alerts', sources)[0]?.label).toBe('Alerts');
  });
});
