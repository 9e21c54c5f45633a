import type { Logger } from '@otp/observability';

type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/** The log calls of one job, each carrying the job's fields. */
export interface JobLog {
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

/**
 * Not logger.child(): a child logger is built, with its redaction, for every job
 * even when nothing is logged, and the bench showed that costing as much as a send.
 */
export function jobLog(logger: Logger, context: Record<string, unknown>): JobLog {
  return {
    info: (fields, message) => logger.info({ ...context, ...fields }, message),
    warn: (fields, message) => logger.warn({ ...context, ...fields }, message),
    error: (fields, message) => logger.error({ ...context, ...fields }, message),
  };
}
