/**
 * How every zod schema of ours is run. zod compiles an object schema into a function (`new
 * Function`) the first time it parses; in a Lambda function most schemas parse once or a few
 * hundred times, so the compile is pure cold-start cost (1–2 ms per schema here) and the warm
 * parse is no faster (bench/report.md). Same results either way.
 */
import type * as z from 'zod';

export const parseOptions: z.core.ParseContext<z.core.$ZodIssue> = { jitless: true };
