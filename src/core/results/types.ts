// Names shared by every part of the results engine. The order of STATUSES and SEVERITIES is the order the SAF CLI
// checks thresholds in, so everything that iterates them stays in the CLI's order.

export type Status = 'passed' | 'failed' | 'skipped' | 'no_impact' | 'error';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none';
export type CountKey = 'total' | Severity;

export const STATUSES: readonly Status[] = ['passed', 'failed', 'skipped', 'no_impact', 'error'];
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none'];

/** How DESIGN §7 shows each status to a person. */
export const STATUS_LABEL: Record<Status, string> = {
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Not Reviewed',
  no_impact: 'Not Applicable',
  error: 'Error',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'None',
};

export type Counts = Record<Status, Record<CountKey, number>>;

export function emptyCounts(): Counts {
  const row = (): Record<CountKey, number> => ({ total: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 });
  return { passed: row(), failed: row(), skipped: row(), no_impact: row(), error: row() };
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}
