import { KcsError, type KcsErrorOptions } from '../errors.js';

export interface ScanErrorOptions extends KcsErrorOptions {
  scannerLog?: string;
  reportText?: string;
  podName?: string;
}

/**
 * A scan that did not produce verified results. It carries whatever was obtained before the failure (the scanner's
 * log, a verified report, the pod name), so the caller can still show the log tail and keep the report.
 */
export class ScanError extends KcsError {
  scannerLog?: string;
  reportText?: string;
  podName?: string;

  constructor(code: string, message: string, options: ScanErrorOptions = {}) {
    super(code, message, { category: 'scan', ...options });
    this.name = 'ScanError';
    if (options.scannerLog !== undefined) this.scannerLog = options.scannerLog;
    if (options.reportText !== undefined) this.reportText = options.reportText;
    if (options.podName !== undefined) this.podName = options.podName;
  }
}
