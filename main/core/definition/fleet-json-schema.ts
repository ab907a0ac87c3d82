import { z } from 'zod';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';

/** The fleet file's schema as JSON Schema, for editors and for teams' own CI checks. */
export function fleetJsonSchema(): string {
  const schema = z.toJSONSchema(FleetDefinition, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Watchfloor fleet definition' }, null, 2)}\n`;
}
