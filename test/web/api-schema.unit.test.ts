// The web application's API types are generated, never written by hand (docs/web.md): this fails
// when web/src/api/schema.d.ts is not what scripts/api-types.ts writes for the current route
// schemas. After changing a route's schema: `npm run generate:api`.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types.js';

it('web/src/api/schema.d.ts is generated from the server’s current OpenAPI document', async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const current = await generateApiTypes();
  const paths = (text: string) => [...text.matchAll(/^ {4}"(\/[^"]*)": \{$/gm)].map((m) => m[1]);
  const added = paths(current).filter((p) => !paths(committed).includes(p));
  const gone = paths(committed).filter((p) => !paths(current).includes(p));
  expect(
    committed === current,
    `web/src/api/schema.d.ts is stale (paths new: ${added.join(', ') || 'none'}; gone: ${gone.join(', ') || 'none'}; or a schema changed): run \`npm run generate:api\` and commit it`,
  ).toBe(true);
  expect(current).toContain('"/v1/publications/{list}/{version}"');
});
