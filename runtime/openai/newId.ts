/**
 * @module newId
 * OpenAI-style object ids (`file-…`, `batch_…`, `batch_req_…`, `req_…`, `resp_…`, `msg_…`, `fc_…`,
 * `call_…`, `rs_…`): a prefix and 24 random hex digits.
 */
import { randomBytes } from "node:crypto";

export type IdPrefix = "file-" | "batch_" | "batch_req_" | "req_" | "resp_" | "msg_" | "fc_" | "fco_" | "call_" | "rs_";

export function newId(prefix: IdPrefix): string {
    return prefix + randomBytes(12).toString("hex");
}
