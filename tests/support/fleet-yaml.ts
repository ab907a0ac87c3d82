/** The "regions:" section most test fleets share: APAC with one Sydney site, in the fleet file's YAML. */
export const APAC_REGION_YAML = `regions:
  - id: apac
    name: APAC
    timeZone: Australia/Sydney
    residency: AU
    sites: [{ id: apac-syd, name: Sydney, role: primary }]`;
