/**
 * Each Datadog site has its own API host, `api.<site>` (datadoghq.com, datadoghq.eu,
 * us3.datadoghq.com, ap1.datadoghq.com, ddog-gov.com, ...). A URL given in the fleet file or in
 * Settings wins over it, which is also how tests point the connector at a local fake.
 */
export function datadogApiUrl(site: string): string {
  return `https://api.${site}`;
}
