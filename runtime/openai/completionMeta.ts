/**
 * @module completionMeta
 * What every chunk of one OpenAI answer shares: its id (`chatcmpl-…` or `cmpl-…`), its creation
 * time, the model name as the client sent it, and whether usage is reported in the stream.
 */
import { completionId, unixSeconds } from "./completionId.js";

/** Kettle's `system_fingerprint` (Ollama writes `fp_ollama`). */
export const systemFingerprint = "fp_kettle";

export type CompletionMeta = { id: string; created: number; model: string; includeUsage: boolean };

export function completionMeta(prefix: "chatcmpl" | "cmpl", model: string, includeUsage: boolean): CompletionMeta {
    return { id: completionId(prefix), created: unixSeconds(), model, includeUsage };
}
