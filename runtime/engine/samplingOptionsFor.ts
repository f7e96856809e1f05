/**
 * @module samplingOptionsFor
 * A request's sampling settings: Modelfile PARAMETERs overridden key by key by the request's
 * `options` (Ollama merges them the same way). Load-time and unknown keys are left out: they were
 * used to pick the warm model, or are not ours to interpret.
 */
import type { ModelDefinition, SamplingOptions } from "./types.js";

const numericKeys = [
    "temperature",
    "top_k",
    "top_p",
    "min_p",
    "typical_p",
    "repeat_penalty",
    "repeat_last_n",
    "presence_penalty",
    "frequency_penalty",
    "seed",
    "num_predict",
    "num_keep"
] as const satisfies readonly (keyof SamplingOptions)[];

export function samplingOptionsFor(
    definition: Pick<ModelDefinition, "parameters">,
    requestOptions: Record<string, unknown> | undefined
): SamplingOptions {
    const merged: Record<string, unknown> = { ...definition.parameters };
    for (const [key, value] of Object.entries(requestOptions ?? {})) {
        // null means "not set" in Ollama's options map, so it must not hide the Modelfile's value.
        if (value !== null && value !== undefined) merged[key] = value;
    }
    const options: SamplingOptions = {};
    for (const key of numericKeys) {
        const value = merged[key];
        if (typeof value === "number" && Number.isFinite(value)) options[key] = value;
    }
    const stop = stopList(merged["stop"]);
    if (stop !== undefined) options.stop = stop;
    return options;
}

function stopList(value: unknown): string[] | undefined {
    if (typeof value === "string") return value === "" ? [] : [value];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string" && item !== "");
    return undefined;
}
