/**
 * @module authHeaders
 * What the CLI adds to its requests when `KETTLE_API_KEY` is set: `Authorization: Bearer <key>`,
 * as the server asks of every client once it has keys.
 */
import { getEnv } from "../../config/env.js";

export function authHeaders(): Record<string, string> {
    const key = getEnv("KETTLE_API_KEY");
    return key ? { Authorization: `Bearer ${key}` } : {};
}
