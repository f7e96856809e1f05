/**
 * @module tlsOptions
 * The certificate and key of an HTTPS server (`server.tls_cert`, `server.tls_key`, PEM files read
 * at start-up), or undefined for plain HTTP. One without the other, or a file that cannot be read,
 * stops the server with a message saying which.
 */
import { readFileSync } from "node:fs";
import type { ServerConfig } from "../config/Config.js";

export function tlsOptions(config: Pick<ServerConfig, "tlsCert" | "tlsKey">): { cert: Buffer; key: Buffer } | undefined {
    if (config.tlsCert === "" && config.tlsKey === "") return undefined;
    if (config.tlsCert === "" || config.tlsKey === "") {
        throw new Error("server.tls_cert and server.tls_key go together: set both to serve HTTPS, or neither");
    }
    const read = (key: string, path: string) => {
        try {
            return readFileSync(path);
        } catch (error) {
            throw new Error(`${key}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
    };
    return { cert: read("server.tls_cert", config.tlsCert), key: read("server.tls_key", config.tlsKey) };
}
