/**
 * @module parseBody
 * Checks a parsed JSON body against a valibot schema and turns every problem into one 400 whose
 * message names each field, what it should be and what it was (`options.num_ctx: expected a number but got "big"`).
 */
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";

export function parseBody<const TSchema extends v.GenericSchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
    if (body === undefined || body === null) body = {};
    const result = v.safeParse(schema, body);
    if (result.success) return result.output;
    const problems = result.issues.map((issue) => {
        // A `v.check` carries a complete message of its own (often Ollama's exact wording).
        if (issue.type === "check") return issue.message;
        const path = v.getDotPath(issue);
        const got = issue.received;
        return `${path ? `${path}: ` : ""}expected ${issue.expected ?? "a valid value"} but got ${got}`;
    });
    throw new BadRequestError(problems.join("; "));
}
