export { createLogger, loggerRedaction, prettyLogsWanted, type Logger, type LoggerSettings } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
export { recordRedisUp } from './redis-up.js';
export { checkReadiness, settleWithin, type ReadinessCheck, type ReadinessReport } from './readiness.js';
export { constantTimeEqual, metricsScrapeAllowed } from './metrics-access.js';
