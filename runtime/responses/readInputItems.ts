/**
 * @module readInputItems
 * A request's `input` as items: a string is one user message; otherwise each item is checked and
 * given an id (`message` with `input_text`, `input_image` (a base64 data URL) or `output_text`
 * parts, `function_call`, `function_call_output`, `reasoning`, and `item_reference` to an item
 * stored earlier). A message's `type` may be left out, as OpenAI allows ("easy input messages").
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { newId } from "../openai/newId.js";
import type { ContentPart, MessageItem, ResponseItem } from "./types.js";

const roles = ["user", "system", "developer", "assistant"] as const;
const dataUrl = /^data:[^;,]+;base64,/;

/** `lookup` finds a stored item by id, for `item_reference`. */
export function readInputItems(
    input: string | Record<string, unknown>[],
    lookup: (id: string) => ResponseItem | undefined
): ResponseItem[] {
    if (typeof input === "string") {
        return [{ type: "message", id: newId("msg_"), role: "user", content: [{ type: "input_text", text: input }], status: "completed" }];
    }
    return input.map((item, i) => readItem(item, `input[${i}]`, lookup));
}

function readItem(item: Record<string, unknown>, at: string, lookup: (id: string) => ResponseItem | undefined): ResponseItem {
    const type = item.type ?? "message";
    switch (type) {
        case "message":
            return readMessage(item, at);
        case "function_call":
            return {
                type: "function_call",
                id: optionalId(item.id, `${at}.id`) ?? newId("fc_"),
                call_id: requiredString(item.call_id, `${at}.call_id`),
                name: requiredString(item.name, `${at}.name`),
                arguments: requiredString(item.arguments, `${at}.arguments`),
                status: "completed"
            };
        case "function_call_output": {
            const output = item.output;
            let text: string;
            if (typeof output === "string") text = output;
            else if (Array.isArray(output)) text = contentOf(output, `${at}.output`, "user").map(partText).join("");
            else throw new BadRequestError(`${at}.output must be a string or a list of content parts`, { param: `${at}.output` });
            return {
                type: "function_call_output",
                id: optionalId(item.id, `${at}.id`) ?? newId("fco_"),
                call_id: requiredString(item.call_id, `${at}.call_id`),
                output: text,
                status: "completed"
            };
        }
        case "reasoning": {
            const summary = Array.isArray(item.summary) ? item.summary : [];
            return {
                type: "reasoning",
                id: optionalId(item.id, `${at}.id`) ?? newId("rs_"),
                summary: summary.map((part, j) => ({
                    type: "summary_text",
                    text: requiredString((part as { text?: unknown }).text, `${at}.summary[${j}].text`)
                }))
            };
        }
        case "item_reference": {
            const id = requiredString(item.id, `${at}.id`);
            const found = lookup(id);
            if (!found) throw new BadRequestError(`${at}: no stored item with id '${id}'`, { param: `${at}.id` });
            return found;
        }
        default:
            throw new BadRequestError(
                `${at}.type: items of type ${JSON.stringify(type)} are not supported (message, function_call, function_call_output, reasoning, item_reference)`,
                { param: `${at}.type` }
            );
    }
}

function readMessage(item: Record<string, unknown>, at: string): MessageItem {
    const role = item.role;
    if (typeof role !== "string" || !(roles as readonly string[]).includes(role)) {
        throw new BadRequestError(`${at}.role must be one of ${roles.join(", ")}, but got ${JSON.stringify(role ?? null)}`, {
            param: `${at}.role`
        });
    }
    const content = item.content;
    let parts: ContentPart[];
    if (typeof content === "string")
        parts = [role === "assistant" ? { type: "output_text", text: content, annotations: [] } : { type: "input_text", text: content }];
    else if (Array.isArray(content)) parts = contentOf(content, `${at}.content`, role);
    else throw new BadRequestError(`${at}.content must be a string or a list of content parts`, { param: `${at}.content` });
    return {
        type: "message",
        id: optionalId(item.id, `${at}.id`) ?? newId("msg_"),
        role: role as MessageItem["role"],
        content: parts,
        status: "completed"
    };
}

function contentOf(content: unknown[], at: string, role: string): ContentPart[] {
    return content.map((raw, j): ContentPart => {
        const where = `${at}[${j}]`;
        const part = (raw ?? {}) as Record<string, unknown>;
        switch (part.type) {
            case "input_text":
                return { type: "input_text", text: requiredString(part.text, `${where}.text`) };
            case "output_text":
            case "refusal": {
                const text = requiredString(
                    part.type === "refusal" ? part.refusal : part.text,
                    `${where}.${part.type === "refusal" ? "refusal" : "text"}`
                );
                return { type: "output_text", text, annotations: [] };
            }
            case "input_image": {
                const url = part.image_url;
                if (typeof url !== "string" || !dataUrl.test(url)) {
                    throw new BadRequestError(
                        `${where}.image_url: only base64 data URLs (data:image/png;base64,...) are supported${part.file_id ? ", not file ids" : ""}`,
                        { param: `${where}.image_url` }
                    );
                }
                return { type: "input_image", image_url: url, detail: typeof part.detail === "string" ? part.detail : "auto" };
            }
            default:
                throw new BadRequestError(
                    `${where}.type: content parts of type ${JSON.stringify(part.type ?? null)} are not supported in ${role} messages (input_text, input_image, output_text)`,
                    { param: `${where}.type` }
                );
        }
    });
}

function partText(part: ContentPart): string {
    return part.type === "input_image" ? "" : part.text;
}

function requiredString(value: unknown, at: string): string {
    if (typeof value !== "string") throw new BadRequestError(`${at} must be a string`, { param: at });
    return value;
}

function optionalId(value: unknown, at: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    return requiredString(value, at);
}
