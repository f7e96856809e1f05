/**
 * @module toOllamaOptions
 * Ollama `options` from OpenAI sampling parameters. The request's `options` object (a Kettle
 * extension) is the base; an explicit OpenAI parameter wins over the same key in it
 * (`max_tokens` over `options.num_predict`, `temperature` over `options.temperature`). As in
 * Ollama's OpenAI layer, `temperature` and `top_p` default to 1.0 when neither sets them, which
 * also overrides a Modelfile PARAMETER.
 */
export type OpenAiSampling = {
    temperature?: number | null;
    top_p?: number | null;
    frequency_penalty?: number | null;
    presence_penalty?: number | null;
    seed?: number | null;
    stop?: string | string[] | null;
    /** `max_completion_tokens ?? max_tokens`, already chosen. */
    maxTokens?: number | null;
    options?: Record<string, unknown> | null;
};

export function toOllamaOptions(request: OpenAiSampling): Record<string, unknown> {
    const options: Record<string, unknown> = { ...(request.options ?? {}) };
    const set = (key: string, value: unknown) => {
        if (value !== undefined && value !== null) options[key] = value;
    };
    set("temperature", request.temperature ?? options.temperature ?? 1.0);
    set("top_p", request.top_p ?? options.top_p ?? 1.0);
    set("frequency_penalty", request.frequency_penalty);
    set("presence_penalty", request.presence_penalty);
    set("seed", request.seed);
    set("num_predict", request.maxTokens);
    if (request.stop !== undefined && request.stop !== null)
        options.stop = typeof request.stop === "string" ? [request.stop] : request.stop;
    return options;
}
