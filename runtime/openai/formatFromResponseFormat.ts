/**
 * @module formatFromResponseFormat
 * Native `format` from OpenAI's `response_format`: `text` is free text, `json_object` is `"json"`,
 * `json_schema` is its schema (any JSON when it carries none). `json_schema.name` is required and
 * checked as OpenAI checks it (letters, digits, `_` and `-`, at most 64 characters).
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { ChatCompletionRequest } from "./chatCompletionRequest.js";

const schemaName = /^[A-Za-z0-9_-]{1,64}$/;

export function formatFromResponseFormat(
    responseFormat: ChatCompletionRequest["response_format"]
): "json" | Record<string, unknown> | undefined {
    if (!responseFormat) return undefined;
    switch (responseFormat.type) {
        case "text":
            return undefined;
        case "json_object":
            return "json";
        case "json_schema": {
            const jsonSchema = responseFormat.json_schema;
            if (!jsonSchema)
                throw new BadRequestError("response_format.json_schema is required when response_format.type is 'json_schema'");
            if (typeof jsonSchema.name !== "string" || !schemaName.test(jsonSchema.name)) {
                throw new BadRequestError(
                    `response_format.json_schema.name must be 1 to 64 letters, digits, underscores or dashes, but got ${JSON.stringify(jsonSchema.name ?? null)}`
                );
            }
            return jsonSchema.schema ?? "json";
        }
        default:
            throw new BadRequestError(
                `invalid response_format.type ${JSON.stringify(responseFormat.type)}: expected "text", "json_object" or "json_schema"`
            );
    }
}
