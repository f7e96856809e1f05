/**
 * @module renderTemplate
 * Renders a Go text/template (a Modelfile TEMPLATE) over prompt data, exactly as Go would.
 * Parsing is the costly part and a model's template is rendered once per request, so parsed
 * templates are cached by their source text, least recently used first out.
 */
import { executeTemplate } from "./executeTemplate.js";
import { parseTemplate } from "./parseTemplate.js";
import type { ParsedTemplate } from "./types.js";

export { parseTemplate } from "./parseTemplate.js";
export { TemplateError } from "./TemplateError.js";
export type { ParsedTemplate } from "./types.js";

const maxCachedTemplates = 64;
const cache = new Map<string, ParsedTemplate>();

/** The parsed form of `source`, from the cache when it was parsed recently. */
export function cachedTemplate(source: string): ParsedTemplate {
    let parsed = cache.get(source);
    if (parsed) {
        // Re-insert so that Map order stays least-recently-used first.
        cache.delete(source);
    } else {
        parsed = parseTemplate(source);
        if (cache.size >= maxCachedTemplates) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, parsed);
    return parsed;
}

/** Renders `template` over `data`; throws TemplateError for syntax and execution errors. */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
    return executeTemplate(cachedTemplate(template), data);
}
