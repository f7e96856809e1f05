/** @module newId OpenAI-style object ids (`file-…`, `batch_…`, `batch_req_…`, `req_…`): a prefix and 24 random hex digits. */
import { randomBytes } from "node:crypto";

export function newId(prefix: "file-" | "batch_" | "batch_req_" | "req_"): string {
    return prefix + randomBytes(12).toString("hex");
}
