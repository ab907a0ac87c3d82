import { z } from 'zod';

/** The fleet file's schema: the published shape a team keeps under version control. */

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected an id of lowercase letters, digits, ".", "_" or "-" (at most 63)');

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .refine(isTimeZone, { error: (issue) => `expected an IANA time zone such as "Australia/Sydney", got "${String(issue.input)}"` });

const IsoDate = z.iso.date('expected a date as YYYY-MM-DD');

export const SiteRole = z.enum(['primary', 'disaster-recovery', 'backup']);
export type SiteRole = z.infer<typeof SiteRole>;

export const EnvironmentKind = z.enum(['production', 'uat', 'training', 'internal']);
export type EnvironmentKind = z.infer<typeof EnvironmentKind>;

/** Release rings of the shared-service model (DOMAIN.md, model A). */
export const Ring = z.enum(['internal', 'early-access', 'beta', 'production']);
export type Ring = z.infer<typeof Ring>;

export const Slot = z.enum(['production', 'staging']);

export const SandboxBackend = z.object({
  id: Id,
  kind: z.literal('sandbox'),
  name: z.string().min(1).optional(),
  seed: z.number().int().nonnegative().default(1),
  tickMs: z.number().int().min(100).max(60_000).default(1000),
  faultRate: z.number().min(0).max(1).default(0.01).describe('chance per environment per minute that a fault starts'),
});

export const BackendDefinition = z.discriminatedUnion('kind', [SandboxBackend]);
export type BackendDefinition = z.infer<typeof BackendDefinition>;

export const SiteDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  role: SiteRole,
  location: z.string().min(1).optional(),
});
export type SiteDefinition = z.infer<typeof SiteDefinition>;

export const RegionDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  timeZone: TimeZone,
  residency: z.string().min(2).describe('where customer data must stay, e.g. "AU" or "UK"'),
  cloud: z.string().min(1).optional(),
  sites: z.array(SiteDefinition).min(1, 'expected at least one site'),
});
export type RegionDefinition = z.infer<typeof RegionDefinition>;

export const EnvironmentDefinition = z.object({
  id: Id,
  name: z.string().min(1).optional(),
  kind: EnvironmentKind,
  site: Id,
  ring: Ring.optional(),
  slots: z.array(Slot).optional(),
  goLive: IsoDate.optional(),
  decommission: IsoDate.optional(),
  watchedBy: Id,
  deployedBy: Id.optional(),
  servers: z.number().int().min(1).max(64).optional().describe('how many servers the environment runs on'),
});
export type EnvironmentDefinition = z.infer<typeof EnvironmentDefinition>;

export const TenantDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  region: Id,
  environments: z.array(EnvironmentDefinition).min(1, 'expected at least one environment'),
});
export type TenantDefinition = z.infer<typeof TenantDefinition>;

export const FleetDefinition = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    backends: z.array(BackendDefinition).min(1, 'expected at least one backend'),
    regions: z.array(RegionDefinition).min(1, 'expected at least one region'),
    tenants: z.array(TenantDefinition),
  })
  .superRefine((fleet, ctx) => {
    const duplicate = (kind: string, ids: Array<{ id: string; path: PropertyKey[] }>) => {
      const seen = new Set<string>();
      for (const { id, path } of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate ${kind} id "${id}"` });
        seen.add(id);
      }
    };
    duplicate('backend', fleet.backends.map((b, i) => ({ id: b.id, path: ['backends', i] })));
    duplicate('region', fleet.regions.map((r, i) => ({ id: r.id, path: ['regions', i] })));
    duplicate(
      'site',
      fleet.regions.flatMap((r, ri) => r.sites.map((s, si) => ({ id: s.id, path: ['regions', ri, 'sites', si] }))),
    );
    duplicate('tenant', fleet.tenants.map((t, i) => ({ id: t.id, path: ['tenants', i] })));
    duplicate(
      'environment',
      fleet.tenants.flatMap((t, ti) => t.environments.map((e, ei) => ({ id: e.id, path: ['tenants', ti, 'environments', ei] }))),
    );

    const backends = new Set(fleet.backends.map((b) => b.id));
    const regionSites = new Map(fleet.regions.map((r) => [r.id, new Set(r.sites.map((s) => s.id))]));
    fleet.tenants.forEach((tenant, ti) => {
      const sites = regionSites.get(tenant.region);
      if (!sites) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', ti, 'region'],
          message: `unknown region "${tenant.region}"; expected one of: ${[...regionSites.keys()].join(', ')}`,
        });
        return;
      }
      tenant.environments.forEach((env, ei) => {
        const path = ['tenants', ti, 'environments', ei];
        if (!sites.has(env.site)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'site'],
            message: `site "${env.site}" is not in region "${tenant.region}" (data residency); expected one of: ${[...sites].join(', ')}`,
          });
        }
        for (const field of ['watchedBy', 'deployedBy'] as const) {
          const ref = env[field];
          if (ref !== undefined && !backends.has(ref)) {
            ctx.addIssue({ code: 'custom', path: [...path, field], message: `unknown backend "${ref}"` });
          }
        }
        if (env.goLive && env.decommission && env.decommission < env.goLive) {
          ctx.addIssue({ code: 'custom', path: [...path, 'decommission'], message: 'decommission date is before go-live' });
        }
      });
    });
  });
export type FleetDefinition = z.infer<typeof FleetDefinition>;
