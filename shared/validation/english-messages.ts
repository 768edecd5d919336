/**
 * zod/mini ships without messages: an issue would read "Invalid input" whatever went wrong. Loading
 * this module once makes every issue carry the English message classic zod gave (and the 400
 * `details` show), and only English: `en` is the one locale in the bundle. Modules that validate
 * input import it for its effect: shared/http/request-input.ts (every API function) and
 * shared/jobs/envelope.ts (every job worker and whoever enqueues).
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
