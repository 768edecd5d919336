/** The restore's report as an operator reads it: changes per kind of item, counters, and who cannot sign in. */
import type { MemberSummary } from './model.ts';
import type { RestoreReport } from './restore-tenant.ts';

const columns = ['added', 'changed', 'removed', 'kept', 'unchanged'] as const;

function memberLines(members: readonly MemberSummary[]): string[] {
  return members.map((member) => `  ${member.userId}  ${member.email}  (${member.role})`);
}

export function formatRestoreReport(report: RestoreReport): string {
  const lines = [
    `Tenant ${report.tenantId}: from ${report.sourceTable} (${
      report.snapshotAt
        ? `data of ${report.snapshotAt.toISOString()}`
        : 'not a restored table: restore time unknown'
    }) into ${report.liveTable}${report.dryRun ? ' — DRY RUN, nothing is written' : ''}`,
    '',
    `${'kind'.padEnd(22)}${columns.map((column) => column.padStart(10)).join('')}`,
  ];
  for (const [kind, changes] of Object.entries(report.plan.changes).sort()) {
    lines.push(
      `${kind.padEnd(22)}${columns.map((column) => String(changes[column]).padStart(10)).join('')}`,
    );
  }
  lines.push(
    '',
    `Counters after the restore: ${Object.entries(report.plan.counters)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ')}`,
  );
  if (report.plan.membersWithoutSignIn.length > 0) {
    lines.push(
      '',
      'Members restored without a sign-in. The restore does not touch Cognito: their users were deleted',
      '(tenant deletion) or disabled (member removal). Recreate or re-enable each one; a recreated user',
      'gets a new id (sub), which does not match its restored member item:',
      ...memberLines(report.plan.membersWithoutSignIn),
    );
  }
  if (report.plan.membersRemoved.length > 0) {
    lines.push(
      '',
      'Members the restore removes (they joined after the copy). Their Cognito users stay but can no',
      'longer sign in here; disable them if they should not come back:',
      ...memberLines(report.plan.membersRemoved),
    );
  }
  lines.push(
    '',
    report.dryRun
      ? 'Dry run: nothing was written. Run again without --dry-run to apply.'
      : `Done: ${report.written} writes, recorded as tenant.restored in the tenant's audit trail. Running it again is safe.`,
  );
  return lines.join('\n');
}
