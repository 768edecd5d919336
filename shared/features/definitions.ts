/**
 * Flag definitions as AWS AppConfig serves a feature-flags profile (and as the local file holds
 * them): `{ "<flag>": { "enabled": boolean, "rolloutPercentage"?: 0..100 } }`. Flags the code does
 * not know are ignored; a malformed document counts as no definitions (every flag at its default).
 */
import * as z from 'zod/mini';

export const flagDefinitionSchema = z.object({
  enabled: z.boolean(),
  rolloutPercentage: z.optional(z.number().check(z.gte(0), z.lte(100))),
});
export type FlagDefinition = z.infer<typeof flagDefinitionSchema>;
export type FlagDefinitions = Readonly<Record<string, FlagDefinition>>;

export function parseFlagDefinitions(document: unknown): FlagDefinitions {
  if (typeof document !== 'object' || document === null) return {};
  const definitions: Record<string, FlagDefinition> = {};
  for (const [name, value] of Object.entries(document)) {
    const parsed = flagDefinitionSchema.safeParse(value);
    if (parsed.success) definitions[name] = parsed.data;
  }
  return definitions;
}
