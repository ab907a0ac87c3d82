import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { opsError, type Result } from '../contract/errors.js';
import { quote } from '../contract/quote.js';

/**
 * The items a link can open: `watchfloor://environment/<id>` on the desktop and
 * `#environment/<id>` in the browser host are the same route.
 */
export const DEEP_LINK_SCHEME = 'watchfloor';

const ItemId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'expected an id of letters, digits, ".", "_", ":" or "-" (at most 128)');

const CalendarDate = z.string().refine(
  (value) => {
    try {
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && Temporal.PlainDate.from(value, { overflow: 'reject' }).toString() === value;
    } catch {
      return false;
    }
  },
  { error: 'expected a calendar date such as 2026-12-07' },
);

export const DeepLink = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('environment'), id: ItemId }),
  z.strictObject({ kind: z.literal('incident'), id: ItemId }),
  z.strictObject({ kind: z.literal('deployment'), id: ItemId }),
  z.strictObject({ kind: z.literal('calendar'), date: CalendarDate }),
]);
export type DeepLink = z.infer<typeof DeepLink>;

const KINDS: ReadonlySet<string> = new Set(['environment', 'incident', 'deployment', 'calendar']);
const MAX_ROUTE = 256;

/** `environment/acme-prod` → the item it names, or a sentence saying what is wrong with it. */
export function parseRoute(route: string): Result<DeepLink> {
  if (route.length > MAX_ROUTE) return { ok: false, error: opsError('invalid-input', `link ${quote(route)} is too long`) };
  const parts = route.split('/');
  const [kind, value] = parts;
  if (parts.length !== 2 || kind === undefined || value === undefined || !KINDS.has(kind)) {
    return { ok: false, error: opsError('invalid-input', `link ${quote(route)} is not one of environment/<id>, incident/<id>, deployment/<id>, calendar/<date>`) };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return { ok: false, error: opsError('invalid-input', `link ${quote(route)} has malformed percent-encoding`) };
  }
  const parsed = DeepLink.safeParse(kind === 'calendar' ? { kind, date: decoded } : { kind, id: decoded });
  if (!parsed.success) return { ok: false, error: opsError('invalid-input', `link ${quote(route)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`) };
  return { ok: true, value: parsed.data };
}

/** `watchfloor://incident/inc-7` → the item; anything but our scheme, or extra parts, is refused. */
export function parseDeepLinkUrl(url: string): Result<DeepLink> {
  const prefix = `${DEEP_LINK_SCHEME}://`;
  if (!url.toLowerCase().startsWith(prefix)) return { ok: false, error: opsError('invalid-input', `link ${quote(url)} is not a ${prefix} link`) };
  const rest = url.slice(prefix.length).replace(/\/$/, '');
  if (/[?#]/.test(rest)) return { ok: false, error: opsError('invalid-input', `link ${quote(url)} carries a query or fragment; expected ${prefix}<kind>/<id>`) };
  return parseRoute(rest);
}

/** The route of an item, as a fragment or after `watchfloor://`. */
export function routeOf(link: DeepLink): string {
  return link.kind === 'calendar' ? `calendar/${link.date}` : `${link.kind}/${encodeURIComponent(link.id)}`;
}
