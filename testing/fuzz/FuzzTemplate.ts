/**
 * @module FuzzTemplate
 * A valid request to one endpoint, the starting point the fuzzer mutates.
 */
export type FuzzTemplate = {
    name: string;
    method: "GET" | "HEAD" | "POST" | "DELETE";
    path: string;
    /** A JSON body; a `Uint8Array` is sent as raw bytes (blob uploads). */
    body?: unknown;
    /** Whether the unmutated request must succeed (pull and push to a closed port cannot). */
    ok: boolean;
    /** The API family whose error shape its errors have. */
    family: "ollama" | "openai" | "anthropic";
};

/** One request the fuzzer decided to send. */
export type FuzzRequest = {
    template: FuzzTemplate;
    /** How it was derived from the template, for failure reports. */
    mutation: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string | Uint8Array;
};
