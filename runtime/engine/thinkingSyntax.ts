/**
 * @module thinkingSyntax
 * Reasoning settings for a prompt: the template variables Ollama passes for `think` (`.Think`,
 * `.ThinkLevel`, `.IsThinkSet`) and the markers that split the output. A thinking model reasons
 * unless the request says `think: false` (Ollama's default); its reasoning is then left out.
 */
import type { OutputSyntax } from "./RenderedPrompt.js";
import type { ThinkSetting } from "./types.js";

export function thinkTemplateValues(think: ThinkSetting | undefined, capable: boolean) {
    const on = think === undefined ? capable : think !== false;
    return { Think: on, ThinkLevel: typeof think === "string" ? think : "", IsThinkSet: think !== undefined };
}

/** How reasoning shows in the output of a prompt that ends with `promptText`, or undefined for a model that does not reason. */
export function thinkingSyntax(
    capable: boolean,
    think: ThinkSetting | undefined,
    promptText: string,
    markers: { open: string; close: string } = { open: "<think>", close: "</think>" }
): OutputSyntax["thinking"] {
    if (!capable) return undefined;
    return {
        ...markers,
        // Templates that open the reasoning themselves end the prompt with the open marker.
        startsInside: promptText.trimEnd().endsWith(markers.open),
        keep: think !== false
    };
}
