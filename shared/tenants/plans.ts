/** Plans are data: one typed table of every limit and feature each tier gets. */
import * as z from 'zod/mini';

export const planNames = ['free', 'pro', 'enterprise'] as const;
export const planNameSchema = z.enum(planNames);
export type PlanName = z.infer<typeof planNameSchema>;

export interface PlanLimits {
  readonly maxProjects: number;
  readonly maxWebhooks: number;
  readonly maxSeats: number;
  /** Steady-state requests per second (API Gateway usage plan rate). */
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly monthlyRequests: number;
  readonly features: {
    readonly auditExport: boolean;
    readonly sso: boolean;
  };
}

/** The limits on how many items of a tenant resource (shared/resources) a tenant may have. */
export type ResourceLimit = 'maxProjects' | 'maxWebhooks';

export const plans: Readonly<Record<PlanName, PlanLimits>> = {
  free: {
    maxProjects: 3,
    maxWebhooks: 2,
    maxSeats: 3,
    requestsPerSecond: 5,
    burst: 10,
    monthlyRequests: 100_000,
    features: { auditExport: false, sso: false },
  },
  pro: {
    maxProjects: 100,
    maxWebhooks: 20,
    maxSeats: 25,
    requestsPerSecond: 50,
    burst: 100,
    monthlyRequests: 5_000_000,
    features: { auditExport: true, sso: false },
  },
  enterprise: {
    maxProjects: 10_000,
    maxWebhooks: 100,
    maxSeats: 1_000,
    requestsPerSecond: 500,
    burst: 1_000,
    monthlyRequests: 100_000_000,
    features: { auditExport: true, sso: true },
  },
};
