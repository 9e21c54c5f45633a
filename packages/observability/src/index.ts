export { createLogger, loggerRedaction, type Logger, type LoggerSettings } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
export { checkReadiness, type ReadinessCheck, type ReadinessReport } from './readiness.js';
export { constantTimeEqual, metricsScrapeAllowed } from './metrics-access.js';
