/**
 * @module modelCapabilities
 * What a model can do, inferred as Ollama does: embedding when the GGUF sets a pooling type (rerank
 * when that type is rank, which Ollama does not know), else completion; tools, insert (fill-in-the-middle) and thinking when the prompt template uses them;
 * vision when a projector layer is present.
 */
export type Capability = "completion" | "embedding" | "rerank" | "tools" | "insert" | "thinking" | "vision";

/** llama.cpp's pooling types: none (a generating model), mean, cls, last, and rank (a reranker's score). */
const rankPooling = 4;

export function modelCapabilities(input: { poolingType?: number; template?: string; hasProjector?: boolean }): Capability[] {
    const capabilities: Capability[] = [];
    // pooling_type 0 means "none": such a model still generates text.
    const pooled = input.poolingType !== undefined && input.poolingType > 0;
    capabilities.push(!pooled ? "completion" : input.poolingType === rankPooling ? "rerank" : "embedding");
    const template = input.template ?? "";
    if (capabilities[0] === "completion") {
        // Go templates say `.Tools`/`.Suffix`/`.Think`; Jinja chat templates say `tools`, `suffix`, `enable_thinking`.
        if (/\.Tools\b|\btools\b/.test(template)) capabilities.push("tools");
        if (/\.Suffix\b|\bsuffix\b|<\|fim_(prefix|suffix|middle)\|>|<fim_(prefix|suffix|middle)>/.test(template))
            capabilities.push("insert");
        if (/\.Think\b|<think>|\benable_thinking\b|\breasoning_content\b/.test(template)) capabilities.push("thinking");
    }
    if (input.hasProjector) capabilities.push("vision");
    return capabilities;
}
