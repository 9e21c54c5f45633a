export { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';
export { ServiceError, isServiceError, type ErrorBody, type RateLimitInfo, type ServiceErrorOptions } from './service-error.js';
