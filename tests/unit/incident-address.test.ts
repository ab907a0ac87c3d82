import { describe, expect, it } from 'vitest';
import { incidentHref, incidentIdFromHash } from '../../renderer/src/views/incidents/incident-address.js';

describe('an incident’s address', () => {
  it('opens the incident it names, whatever characters its id has, and the list otherwise', () => {
    expect(incidentHref('INC-7')).toBe('#/incidents/INC-7');
    expect(incidentIdFromHash(incidentHref('OPS 12/b'))).toBe('OPS 12/b');
    expect(incidentIdFromHash('#/incidents')).toBeNull();
    expect(incidentIdFromHash('#/incidents/')).toBeNull();
    expect(incidentIdFromHash('#/alerts/INC-7')).toBeNull();
    expect(incidentIdFromHash('#/incidents/%E0%A4%A')).toBeNull();
  });
});
