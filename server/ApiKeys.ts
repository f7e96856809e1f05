/**
 * @module ApiKeys
 * The keys a server requires (`server.api_keys`, `KETTLE_API_KEYS`, the lines of
 * `server.api_key_file`), each `NAME:SECRET` or a bare secret (named `key-1`, `key-2`, … in their
 * order), so logs and metrics can say who called without showing the secret. A presented key is
 * compared with every secret in constant time (their SHA-256 digests, with timingSafeEqual), so
 * neither which key matched nor how much of one did shows in the time taken.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ServerConfig } from "../config/Config.js";

type Key = { name: string; digest: Buffer };

const digestOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest();

export class ApiKeys {
    readonly #keys: Key[];

    constructor(entries: readonly string[]) {
        this.#keys = entries.map((entry, i) => {
            const colon = entry.indexOf(":");
            // A name is what precedes the first colon; a secret may hold colons of its own.
            const named = colon > 0 && colon < entry.length - 1;
            return { name: named ? entry.slice(0, colon) : `key-${i + 1}`, digest: digestOf(named ? entry.slice(colon + 1) : entry) };
        });
    }

    /** The configured keys; the key file's lines (blank ones and `#` comments skipped) after the listed ones. */
    static load(config: Pick<ServerConfig, "apiKeys" | "apiKeyFile">): ApiKeys {
        const entries = [...config.apiKeys];
        if (config.apiKeyFile !== "") {
            let text: string;
            try {
                text = readFileSync(config.apiKeyFile, "utf8");
            } catch (error) {
                throw new Error(
                    `server.api_key_file: cannot read ${config.apiKeyFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
                );
            }
            for (const line of text.split(/\r?\n/)) {
                const entry = line.trim();
                if (entry !== "" && !entry.startsWith("#")) entries.push(entry);
            }
        }
        return new ApiKeys(entries);
    }

    get required(): boolean {
        return this.#keys.length > 0;
    }

    /** The name of the key `presented` is, or undefined. */
    match(presented: string): string | undefined {
        const digest = digestOf(presented);
        let name: string | undefined;
        for (const key of this.#keys) if (timingSafeEqual(key.digest, digest) && name === undefined) name = key.name;
        return name;
    }
}
