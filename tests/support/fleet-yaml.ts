/** The "regions:" section most test fleets share: APAC with one Sydney site, in the fleet file's YAML. */
export const APAC_REGION_YAML = `regions:
  - id: apac
    name: APAC
    timeZone: Australia/Sydney
    residency: AU
    sites: [{ id: apac-syd, name: Sydney, role: primary }]`;

/** The one-customer "tenants:" section of the incident drills: Drill Co in APAC with its production environment, watched by the backend "sim". */
export const DRILL_TENANT_YAML = `tenants:
  - id: drill
    name: Drill Co
    region: apac
    environments:
      - { id: drill-prod, kind: production, site: apac-syd, watchedBy: sim }
`;
