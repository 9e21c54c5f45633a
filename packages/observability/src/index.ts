export { maskPhone } from './mask.js';
export { createLogger, loggerRedaction, type Logger, type LoggerSettings } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
