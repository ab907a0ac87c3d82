import type { EnvironmentColumns, EnvironmentProfile, EnvironmentView, RegionView, TenantColumns, TenantView } from '../../../shared/contract/fleet.js';
import { siteTable } from '../../../shared/contract/fleet-snapshot.js';
import { bindingOf, type EnvironmentDefinition, type FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { WatchedEnvironment } from '../connectors/capabilities.js';
import { planLifecycle } from '../lifecycle/lifecycle-plan.js';

export interface FleetView {
  name: string;
  regions: RegionView[];
  /** By name, then id. */
  tenants: TenantView[];
  /** By tenant (in the order above), then id: the order every sort in the console falls back to. */
  environments: EnvironmentView[];
  /** Each environment with its backend bindings, in the same order; stays in the core. */
  watched: WatchedEnvironment[];
  /** The definition's half of the snapshot, encoded once per definition rather than per call. */
  columns: { tenants: TenantColumns; environments: EnvironmentColumns };
}

/** How many servers an environment runs on when the fleet file does not say. */
export function defaultServerCount(kind: EnvironmentDefinition['kind']): number {
  return kind === 'production' ? 4 : 2;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The definition flattened into what the console shows and indexes. */
export function toFleetView(definition: FleetDefinition): FleetView {
  const regions: RegionView[] = definition.regions.map((region) => ({
    id: region.id,
    name: region.name,
    timeZone: region.timeZone,
    residency: region.residency,
    ...(region.cloud ? { cloud: region.cloud } : {}),
    sites: region.sites.map((site) => ({ id: site.id, name: site.name, role: site.role })),
  }));
  const sorted = [...definition.tenants].sort((a, b) => collator.compare(a.name, b.name) || byCodeUnits(a.id, b.id));
  const tenants: TenantView[] = sorted.map((tenant) => ({ id: tenant.id, name: tenant.name, regionId: tenant.region }));
  const zones = new Map(definition.regions.map((region) => [region.id, region.timeZone]));
  const watched: WatchedEnvironment[] = sorted.flatMap((tenant) =>
    [...tenant.environments]
      .sort((a, b) => byCodeUnits(a.id, b.id))
      .map((env) => ({
        binding: bindingOf(env),
        view: {
          id: env.id,
          name: env.name ?? `${tenant.name} ${env.kind}`,
          tenantId: tenant.id,
          regionId: tenant.region,
          siteId: env.site,
          kind: env.kind,
          ...(env.ring ? { ring: env.ring } : {}),
          ...(env.slots ? { slots: env.slots } : {}),
          ...(env.goLive ? { goLive: env.goLive } : {}),
          lifecycle: planLifecycle(env, tenant, zones.get(tenant.region) ?? 'UTC', definition.lifecycle),
          watchedBy: env.watchedBy,
          servers: env.hosts?.length ?? env.servers ?? defaultServerCount(env.kind),
        },
      })),
  );
  const environments = watched.map((env) => env.view);
  return { name: definition.name, regions, tenants, environments, watched, columns: encodeColumns(regions, tenants, environments) };
}

function encodeColumns(regions: readonly RegionView[], tenants: readonly TenantView[], environments: readonly EnvironmentView[]): FleetView['columns'] {
  const regionPosition = new Map(regions.map((region, position) => [region.id, position]));
  const sitePosition = new Map(siteTable(regions).map((site, position) => [site.id, position]));
  const tenantPosition = new Map(tenants.map((tenant, position) => [tenant.id, position]));
  const profiles: EnvironmentProfile[] = [];
  const profilePosition = new Map<string, number>();
  const profile = (env: EnvironmentView): number => {
    const { kind, ring, slots, goLive, lifecycle, watchedBy, servers } = env;
    const shared: EnvironmentProfile = {
      kind,
      lifecycle,
      watchedBy,
      servers,
      ...(ring === undefined ? {} : { ring }),
      ...(slots === undefined ? {} : { slots }),
      ...(goLive === undefined ? {} : { goLive }),
    };
    const key = JSON.stringify(shared);
    let position = profilePosition.get(key);
    if (position === undefined) {
      position = profiles.push(shared) - 1;
      profilePosition.set(key, position);
    }
    return position;
  };
  // The definition is validated before it gets here: every reference resolves.
  const at = (positions: ReadonlyMap<string, number>, id: string) => positions.get(id) ?? 0;
  return {
    tenants: {
      id: tenants.map((tenant) => tenant.id),
      name: tenants.map((tenant) => tenant.name),
      region: tenants.map((tenant) => at(regionPosition, tenant.regionId)),
    },
    environments: {
      id: environments.map((env) => env.id),
      name: environments.map((env) => env.name),
      tenant: environments.map((env) => at(tenantPosition, env.tenantId)),
      site: environments.map((env) => at(sitePosition, env.siteId)),
      profile: environments.map(profile),
      profiles,
    },
  };
}
