/**
 * @module modelKey
 * The scheduler's identity of a warm model: its content (manifest digest) and its load-time
 * options. Requests share a warm copy only when their keys are equal.
 */
import type { LoadOptions, ModelDefinition } from "../../runtime/engine/types.js";

export function modelKey(definition: ModelDefinition, load: LoadOptions): string {
    return `${definition.digest}:${JSON.stringify(load)}`;
}
