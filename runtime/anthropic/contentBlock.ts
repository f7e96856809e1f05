/**
 * @module contentBlock
 * Checks one content block of a request message by its `type`, reporting problems at the block's
 * own path (`messages.1.content.0.source.type: …`). Known types are the ones Kettle can translate:
 * any other is a 400 that lists them.
 */
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";
import { contentField } from "./messagesRequest.js";

const blockSchemas = {
    text: v.looseObject({ type: v.literal("text"), text: v.string() }),
    image: v.looseObject({
        type: v.literal("image"),
        source: v.looseObject({ type: v.string(), data: v.optional(v.string()), media_type: v.optional(v.string()) })
    }),
    tool_use: v.looseObject({
        type: v.literal("tool_use"),
        id: v.pipe(v.string(), v.nonEmpty()),
        name: v.pipe(v.string(), v.nonEmpty()),
        input: v.record(v.string(), v.unknown())
    }),
    tool_result: v.looseObject({
        type: v.literal("tool_result"),
        tool_use_id: v.pipe(v.string(), v.nonEmpty()),
        content: v.optional(v.nullable(contentField)),
        is_error: v.optional(v.nullable(v.boolean()))
    }),
    thinking: v.looseObject({ type: v.literal("thinking"), thinking: v.string(), signature: v.optional(v.nullable(v.string())) }),
    /** Claude's encrypted reasoning: opaque to any other model, so it is dropped. */
    redacted_thinking: v.looseObject({ type: v.literal("redacted_thinking") })
};

export type ContentBlockType = keyof typeof blockSchemas;
export type ContentBlock = { [T in ContentBlockType]: v.InferOutput<(typeof blockSchemas)[T]> }[ContentBlockType];

const knownTypes = Object.keys(blockSchemas) as ContentBlockType[];

/** The block at `path`, checked; a 400 for an unknown type or a malformed block. */
export function contentBlock(block: unknown, path: string): ContentBlock {
    if (typeof block !== "object" || block === null || Array.isArray(block)) {
        throw new BadRequestError(`${path}: expected a content block object but got ${JSON.stringify(block)}`);
    }
    const type = (block as { type?: unknown }).type;
    if (typeof type !== "string" || !knownTypes.includes(type as ContentBlockType)) {
        const got = typeof type === "string" ? `"${type}"` : "no type";
        throw new BadRequestError(`${path}.type: unknown content block type ${got}; expected one of ${knownTypes.join(", ")}`);
    }
    const result = v.safeParse(blockSchemas[type as ContentBlockType], block);
    if (result.success) return result.output as ContentBlock;
    const problems = result.issues.map((issue) => {
        const inner = v.getDotPath(issue);
        const where = `${path}${inner ? `.${inner}` : ""}`;
        // A missing key, worded as Anthropic words it.
        if (issue.received === "undefined") return `${where}: Field required`;
        return `${where}: expected ${issue.expected ?? "a valid value"} but got ${issue.received}`;
    });
    throw new BadRequestError(problems.join("; "));
}
