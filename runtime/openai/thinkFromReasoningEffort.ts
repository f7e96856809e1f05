/**
 * @module thinkFromReasoningEffort
 * Native `think` from OpenAI's `reasoning_effort` (or `reasoning.effort`), mapped as Ollama maps
 * it: `none` turns thinking off, `minimal` is `low`, `xhigh` and `ultra` are `max`.
 */
import { BadRequestError } from "../errors/BadRequestError.js";

export type Think = boolean | "low" | "medium" | "high" | "max";

const levels: Record<string, Think> = {
    none: false,
    minimal: "low",
    low: "low",
    medium: "medium",
    high: "high",
    max: "max",
    xhigh: "max",
    ultra: "max"
};

/** undefined when no effort was given (the model's default applies). */
export function thinkFromReasoningEffort(effort: string | null | undefined, field = "reasoning_effort"): Think | undefined {
    if (effort === undefined || effort === null) return undefined;
    const think = levels[effort];
    if (think === undefined) {
        throw new BadRequestError(
            `invalid ${field} ${JSON.stringify(effort)}: expected one of ${Object.keys(levels)
                .map((level) => `"${level}"`)
                .join(", ")}`
        );
    }
    return think;
}
