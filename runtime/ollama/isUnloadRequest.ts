/**
 * @module isUnloadRequest
 * Ollama unloads a model, without loading it first, when a request has nothing to generate and
 * `keep_alive` is zero (`ollama stop` sends exactly that).
 */
import { parseDuration } from "../../config/parseDuration.js";

export function isUnloadRequest(empty: boolean, keepAlive: unknown): boolean {
    if (!empty || keepAlive === undefined || keepAlive === null) return false;
    try {
        return parseDuration(keepAlive) === 0;
    } catch {
        return false; // an invalid keep_alive is reported by the control plane
    }
}
