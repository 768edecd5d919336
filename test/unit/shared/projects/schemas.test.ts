/** Property tests of the project request schemas: what they accept, and that bad input is a 400, not a crash. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProjectBodySchema, updateProjectBodySchema } from '#shared/projects/api-schemas.ts';
import { resourcePathSchema } from '#shared/resources/api-schemas.ts';

const tagArbitrary = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/);
const validCreate = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 120 }).filter((name) => name.trim().length > 0),
    description: fc.string({ maxLength: 2000 }),
    tags: fc.uniqueArray(tagArbitrary, { maxLength: 20 }),
  },
  { requiredKeys: ['name'] },
);

describe('createProjectBodySchema', () => {
  it('accepts every valid body, trimming the name and filling defaults', () => {
    fc.assert(
      fc.property(validCreate, (body) => {
        const parsed = createProjectBodySchema.parse(body);
        expect(parsed.name).toBe(body.name.trim());
        expect(parsed.description).toBe(body.description ?? '');
        expect(parsed.tags).toEqual(body.tags ?? []);
      }),
    );
  });

  it('refuses any body with a field it does not know', () => {
    fc.assert(
      fc.property(
        validCreate,
        fc
          .string({ minLength: 1 })
          .filter((key) => !['name', 'description', 'tags', '__proto__'].includes(key)),
        fc.jsonValue(),
        (body, key, value) => {
          expect(createProjectBodySchema.safeParse({ ...body, [key]: value }).success).toBe(false);
        },
      ),
    );
  });

  it('never throws on arbitrary JSON: it either parses or reports issues', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = createProjectBodySchema.safeParse(value);
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
    );
  });

  it('refuses names over 120 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 121, maxLength: 400 }).filter((name) => name.trim().length > 120),
        (name) => {
          expect(createProjectBodySchema.safeParse({ name }).success).toBe(false);
        },
      ),
    );
  });
});

describe('updateProjectBodySchema', () => {
  it('refuses an empty change and accepts any single valid field', () => {
    expect(updateProjectBodySchema.safeParse({}).success).toBe(false);
    fc.assert(
      fc.property(fc.constantFrom('active', 'archived'), (status) => {
        expect(updateProjectBodySchema.safeParse({ status }).success).toBe(true);
      }),
    );
  });
});

describe('resourcePathSchema', () => {
  it('accepts only ULIDs, so no key delimiter or other tenant prefix reaches the database', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const accepted = resourcePathSchema.safeParse({ id }).success;
        expect(accepted).toBe(/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id));
      }),
    );
  });
});
