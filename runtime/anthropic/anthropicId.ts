/** @module anthropicId Ids shaped like Anthropic's: a prefix (`msg`, `toolu`), `_` and 24 random hex digits. */
import { randomBytes } from "node:crypto";

export function anthropicId(prefix: "msg" | "toolu"): string {
    return `${prefix}_${randomBytes(12).toString("hex")}`;
}
