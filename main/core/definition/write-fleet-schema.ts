import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fleetJsonSchema } from './fleet-json-schema.js';

/** `npm run schema`: writes the published JSON Schema of the fleet file next to the example. */
const target = fileURLToPath(new URL('../../../resources/fleet.schema.json', import.meta.url));
writeFileSync(target, fleetJsonSchema());
console.log(`wrote ${target}`);
