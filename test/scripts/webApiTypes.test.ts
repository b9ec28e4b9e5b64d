import fs from 'node:fs';
import { expect } from 'chai';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/web/apiTypes';

describe('the web app’s generated API types', () => {
  it('match the OpenAPI document the API serves (run `npm run web:api-types` when this fails)', async function () {
    this.timeout(30_000);
    const fresh = await renderApiTypes();
    expect(fs.readFileSync(API_TYPES_FILE, 'utf8') === fresh, `${API_TYPES_FILE} is stale: run npm run web:api-types`).to.equal(true);
    // The paths the web app calls are there (a document without paths would also "match" an empty file).
    for (const p of ['"/plants"', '"/plants/{id}/water"', '"/tokens/{id}"', '"/admin/users"']) expect(fresh).to.include(p);
  });
});
