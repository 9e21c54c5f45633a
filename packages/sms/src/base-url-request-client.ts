import RequestClient from 'twilio/lib/base/RequestClient.js';

/**
 * The SDK's own HTTP client with another origin: every request the SDK builds
 * for https://api.twilio.com goes to `baseUrl` instead (a proxy, or a local fake
 * in tests). Path, auth and form body stay exactly as the SDK made them.
 */
export class BaseUrlRequestClient extends RequestClient {
  readonly #baseUrl: URL;

  constructor(baseUrl: string, options: RequestClient.RequestClientOptions) {
    super(options);
    this.#baseUrl = new URL(baseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    uri.protocol = this.#baseUrl.protocol;
    uri.host = this.#baseUrl.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}
