/** @module batchEndpoints The endpoints a batch's lines may call: OpenAI's, and as Kettle's addition Ollama's. */
export const batchEndpoints = [
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
    "/v1/responses",
    "/api/generate",
    "/api/chat",
    "/api/embed"
] as const;

export type BatchEndpoint = (typeof batchEndpoints)[number];

export function isBatchEndpoint(value: unknown): value is BatchEndpoint {
    return (batchEndpoints as readonly unknown[]).includes(value);
}
