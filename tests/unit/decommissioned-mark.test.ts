import { describe, expect, it } from 'vitest';
import { markDecommissioned } from '../../main/core/definition/decommissioned-mark.js';

const FILE = `# Harbour's environments
tenants:
  - id: harbour
    name: Harbour
    region: apac
    environments:
      - id: harbour-prod   # the customer's production
        kind: production
        deployment:
          checks:
            - { type: http, url: "https://harbour.example.net/health" }
      # Temporary: ends 30 days after go-live.
      - { id: harbour-train, kind: training,  site: syd, watchedBy: sim }   # keep the double space
`;

describe('marking an environment decommissioned in the fleet file', () => {
  it('adds the key inside a flow map and changes nothing else, comments and spacing included', () => {
    expect(markDecommissioned(FILE, 'harbour-train', '2026-12-08')).toBe(
      FILE.replace('watchedBy: sim }   # keep', 'watchedBy: sim, decommissioned: 2026-12-08 }   # keep'),
    );
  });

  it('adds a line of its own to a block map, after its last (nested) key', () => {
    expect(markDecommissioned(FILE, 'harbour-prod', '2026-12-08')).toBe(
      FILE.replace(
        '            - { type: http, url: "https://harbour.example.net/health" }\n',
        '            - { type: http, url: "https://harbour.example.net/health" }\n        decommissioned: 2026-12-08\n',
      ),
    );
  });

  it('rewrites only the date of one already marked', () => {
    const marked = markDecommissioned(FILE, 'harbour-train', '2026-12-08');
    expect(markDecommissioned(marked, 'harbour-train', '2026-12-09')).toBe(marked.replace('2026-12-08', '2026-12-09'));
  });

  it('says so when the environment is not in the file', () => {
    expect(() => markDecommissioned(FILE, 'nowhere', '2026-12-08')).toThrow('environment "nowhere" is not written in the fleet file');
  });
});
