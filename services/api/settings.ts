import { config } from '../../shared/config';
import { routineLogLevel } from '../../shared/logger';
import type { ApiSettings } from './deps';

/** The API's settings from the validated configuration. */
export function settingsFromConfig(): ApiSettings {
  const { api, redis, metrics, webhooks } = config;
  return {
    sessionSecret: api.SESSION_SECRET,
    cookieSecure: api.COOKIE_SECURE,
    bodyLimit: api.BODY_LIMIT,
    queuePrefix: redis.QUEUE_PREFIX,
    loginMaxFailuresPerIp: api.LOGIN_MAX_FAILURES_PER_IP,
    loginMaxFailuresPerEmail: api.LOGIN_MAX_FAILURES_PER_EMAIL,
    loginWindowSeconds: api.LOGIN_WINDOW_SECONDS,
    tokenTouchIntervalMs: api.TOKEN_TOUCH_INTERVAL_MS,
    tokenCacheMs: api.TOKEN_CACHE_MS,
    metricsToken: metrics.METRICS_TOKEN,
    requestLogLevel: routineLogLevel(),
    webhookAllowPrivate: webhooks.WEBHOOK_ALLOW_PRIVATE,
  };
}
