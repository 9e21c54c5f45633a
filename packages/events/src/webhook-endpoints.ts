/** Where one app receives its events, and the secret they are signed with. */
export interface WebhookEndpoint {
  url: string;
  /** `whsec_…` */
  secret: string;
}

/** APP_SETTINGS as far as webhooks go (the config's AppSettings fits it). */
export type AppWebhookSettings = Readonly<Record<string, { webhookUrl?: string | undefined; webhookSecret?: string | undefined }>>;

/** The apps that set both a webhook URL and its secret (config refuses one without the other). */
export function webhookEndpoints(apps: AppWebhookSettings): ReadonlyMap<string, WebhookEndpoint> {
  return new Map(
    Object.entries(apps).flatMap(([app, settings]) =>
      settings.webhookUrl && settings.webhookSecret ? [[app, { url: settings.webhookUrl, secret: settings.webhookSecret }] as const] : [],
    ),
  );
}
