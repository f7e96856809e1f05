/**
 * @module errorBodyMessage
 * The message of an error body in any of the API families' shapes (Ollama's `{"error": "…"}`,
 * OpenAI's and Anthropic's `{"error": {"message": "…"}}`), or the text itself when it is not one;
 * undefined for an empty body.
 */
export function errorBodyMessage(text: string): string | undefined {
    try {
        const body = JSON.parse(text) as { error?: unknown };
        if (typeof body.error === "string") return body.error;
        const nested = body.error as { message?: unknown } | undefined;
        if (typeof nested?.message === "string") return nested.message;
    } catch {
        // not JSON
    }
    return text.trim() || undefined;
}
