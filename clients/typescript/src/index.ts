/**
 * A typed client of the StoRegister Tenant API: openapi-fetch over the types openapi-typescript
 * generated from the API's own OpenAPI description (src/schema.d.ts), with the two credentials
 * set on every request.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, paths };
/** Every schema of the API, by name (`Schemas["ProfileDto"]`, `Schemas["TenantRegistration"]`). */
export type Schemas = components["schemas"];

/** How to reach the API. */
export interface ClientOptions {
  /** The API's address, e.g. `https://api.example.com`. */
  baseUrl: string;
  /** The storage company's API key (X-API-Key): public, it ships in web pages. */
  apiKey: string;
  /** A tenant's session token (X-Token), if one is logged in already. */
  token?: string;
  /** A `fetch` of your own (tests, older runtimes). */
  fetch?: typeof globalThis.fetch;
}

/** The client: `api` for every endpoint, and helpers for what the types cannot say alone. */
export interface StoRegisterClient {
  /** Every endpoint, typed from the description: `api.GET("/v1/tenant/profile")`. */
  api: Client<paths>;
  /** The tenant's current session token, if any. */
  readonly token: string | undefined;
  /** Sets (or, with `undefined`, forgets) the session token. */
  useToken(token: string | undefined): void;
  /** Logs a tenant in and keeps the session token. */
  login(userName: string, password: string): Promise<Schemas["AuthData"]>;
  /** Replaces the tenant's profile picture with a `File` or `Blob`; the new picture's id. */
  uploadPicture(picture: Blob, fileName?: string): Promise<string>;
  /** Fetches a picture by the URL a profile gives (no credentials needed). */
  fetchPicture(url: string): Promise<Blob>;
}

/** Why a request failed: the HTTP status and the envelope's errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Schemas["ErrorItem"][],
  ) {
    super(`${status}: ${errors.map((e) => `${e.code} (${e.message})`).join(", ")}`);
    this.name = "ApiError";
  }
}

/** The data of a response, or an `ApiError` with its codes. */
export function unwrap<T>(result: {
  data?: { data: T };
  error?: Schemas["ErrorEnvelope"] | unknown;
  response: Response;
}): T {
  if (result.data !== undefined) {
    return result.data.data;
  }
  const errors = (result.error as Schemas["ErrorEnvelope"] | undefined)?.errors ?? [];
  throw new ApiError(result.response.status, errors);
}

/** A client for one API key, and the session token of one tenant. */
export function createStoRegisterClient(options: ClientOptions): StoRegisterClient {
  let token = options.token;
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  const credentials: Middleware = {
    onRequest({ request }) {
      request.headers.set("X-API-Key", options.apiKey);
      if (token !== undefined) {
        request.headers.set("X-Token", token);
      }
      return request;
    },
    onResponse({ response }) {
      // a password change or reset answers the token of the session that goes on
      const rotated = response.headers.get("X-Token");
      if (rotated) {
        token = rotated;
      }
      return response;
    },
  };
  api.use(credentials);
  const fetchImpl = options.fetch ?? globalThis.fetch;

  return {
    api,
    get token() {
      return token;
    },
    useToken(value) {
      token = value;
    },
    async login(userName, password) {
      const data = unwrap(await api.POST("/v1/login", { body: { userName, password } }));
      token = data.token ?? undefined;
      return data;
    },
    async uploadPicture(picture, fileName = "picture") {
      return unwrap(
        await api.PUT("/v1/tenant/profile/change-display-picture", {
          body: { profileImage: picture },
          bodySerializer(body) {
            const form = new FormData();
            form.append("profileImage", body.profileImage, fileName);
            return form;
          },
        }),
      );
    },
    async fetchPicture(url) {
      const response = await fetchImpl(url);
      if (!response.ok) {
        throw new ApiError(response.status, []);
      }
      return response.blob();
    },
  };
}
