/**
 * @module parseBody
 * Checks a parsed JSON body against a valibot schema and turns every problem into one 400 whose
 * message names each field, what it should be and what it was (`options.num_ctx: expected a number but got "big"`).
 */
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";

/** valibot's own `expected` of these actions is missing or terse (`!0`): say it in words. */
const actionExpectations: Record<string, string> = {
    integer: "an integer",
    safe_integer: "an integer between -(2^53 - 1) and 2^53 - 1",
    finite: "a finite number",
    non_empty: "a non-empty value"
};

const objectTypes = new Set(["object", "loose_object", "strict_object", "object_with_rest"]);

export function parseBody<const TSchema extends v.GenericSchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
    if (body === undefined || body === null) body = {};
    const result = v.safeParse(schema, body);
    if (result.success) return result.output;
    const problems = result.issues.map((issue) => {
        // A `v.check` or `v.rawCheck` carries a complete message of its own (often Ollama's exact wording).
        if (issue.type === "check" || issue.type === "raw_check") return issue.message;
        const path = v.getDotPath(issue);
        // An object's missing key: valibot's `expected` is then only the key's name.
        if (issue.received === "undefined" && objectTypes.has(issue.type)) return `${path}: required but missing`;
        const got = issue.received;
        const expected = actionExpectations[issue.type] ?? issue.expected ?? "a valid value";
        return `${path ? `${path}: ` : ""}expected ${expected} but got ${got}`;
    });
    const param = v.getDotPath(result.issues[0]);
    throw new BadRequestError(problems.join("; "), param ? { param } : {});
}
