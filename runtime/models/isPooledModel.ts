/**
 * @module isPooledModel
 * Whether a model's output is pooled (an embedding model, or a reranker whose pooled output is a
 * relevance score): it gets an embedding context instead of completion slots, sized for its batches.
 */
import type { Capability } from "./modelCapabilities.js";

export function isPooledModel(capabilities: readonly Capability[]): boolean {
    return capabilities.includes("embedding") || capabilities.includes("rerank");
}
