/**
 * GET /v1/usage over HTTP: this month's requests as the limiter counted them against the quota,
 * and what the tenant holds against its plan, each tenant seeing only its own figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsConfig } from '#shared/config/runtime-config.ts';
import { requestLimits } from '#shared/limits/tenant-limits.ts';
import { plans } from '#shared/tenants/plans.ts';
import type { TenantUsage } from '#shared/usage/usage.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { addMember, setPlan } from '../support/members.ts';
import { signUpAndLogin } from '../support/tenants.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

const api = <T = TenantUsage>(
  as: { idToken: string },
  method: string,
  path: string,
  body?: unknown,
) =>
  request<T>(gateway.baseUrl, method, path, {
    token: as.idToken,
    ...(body !== undefined && { body }),
  });

describe('GET /v1/usage', () => {
  it("counts the month's requests and holdings against the plan, for the caller's tenant only", async () => {
    // Prepare: two projects and a few reads in one tenant, nothing in another
    const owner = await signUpAndLogin(gateway.baseUrl, 'Usage Co');
    const other = await signUpAndLogin(gateway.baseUrl, 'Quiet Co');
    await api(owner, 'POST', '/v1/projects', { name: 'One' });
    await api(owner, 'POST', '/v1/projects', { name: 'Two' });
    for (let n = 0; n < 3; n += 1) await api(owner, 'GET', '/v1/projects');

    // Act
    const usage = await api(owner, 'GET', '/v1/usage');
    const quiet = await api(other, 'GET', '/v1/usage');

    // Assess: 5 requests before this one, and this one (the limiter counts it before it runs)
    expect(usage.status).toBe(200);
    const month = new Date().toISOString().slice(0, 7);
    const quota = requestLimits('free', undefined, limitsConfig().scale).monthlyRequests;
    expect(usage.body).toMatchObject({
      plan: 'free',
      period: { month },
      requests: { used: 6, limit: quota, remaining: quota - 6 },
      seats: { used: 1, limit: plans.free.maxSeats, remaining: plans.free.maxSeats - 1 },
      projects: { used: 2, limit: plans.free.maxProjects },
      webhooks: { used: 0, limit: plans.free.maxWebhooks },
    });
    expect(Date.parse(usage.body.period.start)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(usage.body.period.end)).toBeGreaterThan(Date.now());
    expect(quiet.body).toMatchObject({ requests: { used: 1 }, projects: { used: 0 } });
  });

  it('follows the plan: limits rise with an upgrade, and a tenant over a lower plan has none left', async () => {
    // Prepare: four projects on pro, then back to free (3 projects)
    const owner = await signUpAndLogin(gateway.baseUrl, 'Downgraded Co');
    await setPlan(owner.tenantId, 'pro');
    const pro = await api(owner, 'GET', '/v1/usage');
    for (let n = 0; n < 4; n += 1) await api(owner, 'POST', '/v1/projects', { name: `P${n}` });
    await setPlan(owner.tenantId, 'free');

    // Act
    const free = await api(owner, 'GET', '/v1/usage');

    // Assess
    expect(pro.body.projects.limit).toBe(plans.pro.maxProjects);
    expect(free.body.projects).toEqual({ used: 4, limit: plans.free.maxProjects, remaining: 0 });
  });

  it('is for owners and admins: a member gets 403', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Roles Co');
    const member = await addMember(gateway.baseUrl, owner, 'member');

    // Act
    const refused = await api(member, 'GET', '/v1/usage');

    // Assess
    expect(refused.status).toBe(403);
  });
});
