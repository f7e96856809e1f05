/**
 * @module startTokenServer
 * The token endpoint of Docker's token authentication, on loopback, for a registry started with
 * `tokenAuth`: `GET /token?service=…&scope=repository:<name>:<actions>` with optional Basic
 * credentials answers a JWT (ES256, its certificate in the `x5c` header, which the registry checks
 * against `rootCertBundle`). Anonymous callers get `pull` only; known users get what they ask.
 */
import { execFileSync } from "node:child_process";
import { createPrivateKey, randomBytes, sign, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../cli/freePort.js";

export type TokenRequest = { user?: string; scopes: string[]; granted: string[] };

export type TokenServer = {
    realm: string;
    service: string;
    issuer: string;
    rootCertBundle: string;
    requests: TokenRequest[];
    stop(): Promise<void>;
};

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export async function startTokenServer(options: { users?: Record<string, string> } = {}): Promise<TokenServer> {
    const dir = mkdtempSync(join(tmpdir(), "kettle-token-"));
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    execFileSync(
        "openssl",
        [
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            keyPath,
            "-out",
            certPath,
            "-days",
            "2",
            "-subj",
            "/CN=kettle-test-token"
        ],
        { stdio: "ignore" }
    );
    const key = createPrivateKey(readFileSync(keyPath));
    const certificate = new X509Certificate(readFileSync(certPath));
    const service = "kettle-test-registry";
    const issuer = "kettle-test-issuer";
    const users = options.users ?? {};
    const requests: TokenRequest[] = [];

    const server = createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://x");
        let user: string | undefined;
        const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? "");
        if (basic) {
            const [name, ...rest] = Buffer.from(basic[1]!, "base64").toString().split(":");
            if (users[name!] === undefined || users[name!] !== rest.join(":")) {
                response.writeHead(401, { "Content-Type": "application/json" });
                response.end(JSON.stringify({ details: "incorrect username or password" }));
                requests.push({ user: name!, scopes: url.searchParams.getAll("scope"), granted: [] });
                return;
            }
            user = name!;
        }
        const scopes = url.searchParams.getAll("scope").flatMap((scope) => scope.split(" ").filter(Boolean));
        const access = scopes.flatMap((scope) => {
            const match = /^repository:(.+):([^:]+)$/.exec(scope);
            if (!match) return [];
            const asked = match[2]!.split(",");
            const actions = user ? asked : asked.filter((action) => action === "pull");
            return [{ type: "repository", name: match[1]!, actions }];
        });
        requests.push({
            ...(user ? { user } : {}),
            scopes,
            granted: access.map((entry) => `repository:${entry.name}:${entry.actions.join(",")}`)
        });
        const now = Math.floor(Date.now() / 1000);
        const header = { typ: "JWT", alg: "ES256", x5c: [certificate.raw.toString("base64")] };
        const claims = {
            iss: issuer,
            sub: user ?? "",
            aud: service,
            exp: now + 300,
            nbf: now - 10,
            iat: now,
            jti: randomBytes(8).toString("hex"),
            access
        };
        const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
        const signature = sign("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" });
        const token = `${signingInput}.${base64url(signature)}`;
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return {
        realm: `http://127.0.0.1:${port}/token`,
        service,
        issuer,
        rootCertBundle: certPath,
        requests,
        async stop() {
            await new Promise((resolve) => server.close(resolve));
            rmSync(dir, { recursive: true, force: true });
        }
    };
}
