/**
 * @module parseKeepAlive
 * Ollama's `keep_alive`: seconds as a number, or a duration string with a unit ("3600" alone is an
 * error), negative for forever; a bad one is a 400 naming it.
 */
import { parseDuration } from "../../config/parseDuration.js";
import { BadRequestError } from "../errors/BadRequestError.js";

export function parseKeepAlive(value: unknown): number {
    try {
        return parseDuration(value);
    } catch (error) {
        throw new BadRequestError(`invalid keep_alive: ${error instanceof Error ? error.message : String(error)}`);
    }
}
