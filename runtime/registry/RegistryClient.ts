/**
 * @module RegistryClient
 * HTTP to one registry host in the Docker distribution v2 protocol, as Ollama speaks it: https
 * unless `insecure`, and authentication on demand. A request goes out with the token we hold; a
 * 401 carrying a `Bearer` challenge sends us to the challenge's realm for a token (with the
 * user's `docker login`, when there is one) and the request is made once more. Failures become
 * {@link RegistryError}s that quote the registry's own error text.
 */
import { RegistryError } from "../errors/RegistryError.js";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import { kettleVersion } from "../kettleVersion.js";
import { isLoopbackHost } from "../http/isLoopbackHost.js";
import { parseAuthChallenge, type AuthChallenge } from "./parseAuthChallenge.js";
import type { RegistryCredentials } from "./registryCredentials.js";

export type RegistryClientOptions = {
    /** `registry.ollama.ai`, `hf.co`, `127.0.0.1:5000`. */
    host: string;
    /** Plain http instead of https. */
    insecure: boolean;
    credentials?: RegistryCredentials;
};

export type RegistryRequest = {
    headers?: Record<string, string>;
    /** A function, so the body can be made again when the first attempt is answered 401. */
    body?: () => NonNullable<RequestInit["body"]>;
    redirect?: RequestInit["redirect"];
    signal?: AbortSignal;
};

export const userAgent = `kettle/${kettleVersion} (${process.arch} ${process.platform}) Node.js/${process.versions.node}`;

/** Bigger than any manifest or error body; a registry sending more is not trusted with our memory. */
const maxSmallBody = 4 * 1024 * 1024;

export class RegistryClient {
    readonly baseUrl: string;
    #token: string | undefined;
    #useBasic = false;

    constructor(private readonly options: RegistryClientOptions) {
        this.baseUrl = `${options.insecure ? "http" : "https"}://${options.host}`;
    }

    get host(): string {
        return this.options.host;
    }

    /** `https://host/v2/<repository>/<path>`. */
    url(repository: string, path: string): string {
        return `${this.baseUrl}/v2/${repository}/${path}`;
    }

    /** Sends a request, authenticating once when challenged; answers whatever the registry answers. */
    async send(method: string, url: string, request: RegistryRequest = {}): Promise<Response> {
        for (let attempt = 0; ; attempt++) {
            const response = await this.#fetch(url, method, request, this.#authorization());
            if (response.status !== 401 || attempt > 0) return response;
            const challenge = parseAuthChallenge(response.headers.get("www-authenticate") ?? "");
            await response.body?.cancel();
            if (challenge?.scheme === "bearer" && challenge.params.realm) {
                this.#token = await this.#fetchToken(challenge, request.signal);
            } else if (challenge?.scheme === "basic" && this.options.credentials && this.#mayShareCredentials(url)) {
                this.#useBasic = true;
            } else {
                return response;
            }
        }
    }

    /** Like {@link send}, but a status outside `expected` is thrown as a RegistryError saying what was being done. */
    async expect(method: string, url: string, expected: number[], what: string, request: RegistryRequest = {}): Promise<Response> {
        const response = await this.send(method, url, request);
        if (!expected.includes(response.status)) throw await registryFailure(response, what);
        return response;
    }

    #authorization(): Record<string, string> {
        if (this.#token) return { Authorization: `Bearer ${this.#token}` };
        const credentials = this.options.credentials;
        if (this.#useBasic && credentials) return { Authorization: `Basic ${basic(credentials)}` };
        return {};
    }

    async #fetch(url: string, method: string, request: RegistryRequest, auth: Record<string, string>): Promise<Response> {
        const body = request.body?.();
        try {
            return await fetch(url, {
                method,
                headers: { "User-Agent": userAgent, ...auth, ...request.headers },
                ...(body !== undefined ? { body, duplex: "half" } : {}),
                redirect: request.redirect ?? "follow",
                ...(request.signal ? { signal: request.signal } : {})
            } as RequestInit);
        } catch (error) {
            throw unreachable(url, error, request.signal, this.options.insecure);
        }
    }

    /** The token endpoint of the challenge: `GET realm?service=…&scope=…`, with the user's login when we have one. */
    async #fetchToken(challenge: AuthChallenge, signal: AbortSignal | undefined): Promise<string> {
        const { realm, service, scope } = challenge.params;
        let tokenUrl: URL;
        try {
            tokenUrl = new URL(realm!);
        } catch {
            throw new RegistryError(
                `registry ${this.host} sent an authentication challenge with an invalid realm ${JSON.stringify(realm)}`
            );
        }
        if (service) tokenUrl.searchParams.set("service", service);
        for (const one of (scope ?? "").split(" ").filter(Boolean)) tokenUrl.searchParams.append("scope", one);
        const credentials = this.options.credentials;
        const headers: Record<string, string> = { "User-Agent": userAgent };
        if (credentials && this.#mayShareCredentials(tokenUrl.href)) headers.Authorization = `Basic ${basic(credentials)}`;
        let response: Response;
        try {
            response = await fetch(tokenUrl, { headers, ...(signal ? { signal } : {}) });
        } catch (error) {
            throw unreachable(tokenUrl.href, error, signal, false);
        }
        if (!response.ok) {
            const who = credentials
                ? `the login for ${this.host} in Docker's config.json`
                : "anonymous access (no docker login for this host)";
            throw await registryFailure(response, `get a token from ${tokenUrl.origin} with ${who}`);
        }
        const body = parseJson(await readSmallBody(response)) as { token?: unknown; access_token?: unknown } | undefined;
        const token = body?.token ?? body?.access_token;
        if (typeof token !== "string" || token === "")
            throw new RegistryError(`the token endpoint ${tokenUrl.origin} answered without a token`);
        return token;
    }

    /** A password goes over TLS only, unless the user asked for plain http to this registry or it is on this machine. */
    #mayShareCredentials(url: string): boolean {
        const target = new URL(url);
        return target.protocol === "https:" || this.options.insecure || isLoopbackHost(target.hostname);
    }
}

/** Reads a body that should be small (a manifest, an error), refusing one past `limit` bytes. */
export async function readSmallBody(response: Response, limit = maxSmallBody): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    if (!response.body) return Buffer.alloc(0);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > limit) {
            await response.body.cancel().catch(() => undefined);
            throw new RegistryError(
                `${response.url || "the registry"} sent more than ${limit} bytes where a small JSON document was expected`
            );
        }
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
}

/** A RegistryError for an unexpected answer: what we were doing, the status, and the registry's own error text. */
export async function registryFailure(response: Response, what: string): Promise<RegistryError> {
    let detail = "";
    try {
        const text = (await readSmallBody(response, 64 * 1024)).toString("utf8");
        const parsed = parseJson(text) as { errors?: { code?: string; message?: string }[]; error?: string; details?: string } | undefined;
        const first = parsed?.errors?.[0];
        if (first) detail = [first.message, first.code ? `(${first.code})` : ""].filter(Boolean).join(" ");
        else if (typeof parsed?.error === "string") detail = parsed.error;
        else if (typeof parsed?.details === "string") detail = parsed.details;
        else detail = text.trim().slice(0, 200);
    } catch {
        // the status alone will do
    }
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    return new RegistryError(`cannot ${what}: the registry answered ${status}${detail ? `: ${detail}` : ""}`);
}

function unreachable(url: string, error: unknown, signal: AbortSignal | undefined, insecure: boolean): Error {
    if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new RequestCanceledError({ cause: error });
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    const tlsToPlain = !insecure && url.startsWith("https:") && /EPROTO|wrong version|SSL/i.test(`${cause?.code} ${cause?.message}`);
    const hint = tlsToPlain ? " (a plain-http registry? pull or push with --insecure)" : "";
    return new RegistryError(`cannot reach ${new URL(url).origin}: ${reason}${hint}`, { cause: error });
}

function basic({ username, password }: RegistryCredentials): string {
    return Buffer.from(`${username}:${password}`).toString("base64");
}

function parseJson(text: string | Buffer): unknown {
    try {
        return JSON.parse(text.toString());
    } catch {
        return undefined;
    }
}
