/**
 * @module parseCreateRequest
 * The body of `POST /api/create`, checked field by field before anything touches the store: a
 * `model` of 3.5 or `{}` is the client's mistake (400 naming the field), never a crash deeper in.
 * `null` means "not set", as Go's decoder leaves a field empty for it. `name` and `quantization`
 * are the deprecated spellings old clients still send.
 */
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseBody } from "../http/parseBody.js";
import type { CreateRequest } from "./types.js";
import { optionsField } from "./requestFields.js";

const text = v.optional(v.nullable(v.string()));
const blobReferences = v.optional(v.nullable(v.record(v.string(), v.string())));

const createSchema = v.looseObject({
    model: text,
    name: text,
    from: text,
    files: blobReferences,
    adapters: blobReferences,
    template: text,
    system: text,
    license: v.optional(v.nullable(v.union([v.string(), v.array(v.string())]))),
    // The same table and messages as a request's `options`.
    parameters: optionsField,
    // Roles are checked by createModel, with its own message.
    messages: v.optional(v.nullable(v.array(v.looseObject({ role: v.string(), content: v.string() })))),
    requires: text,
    stream: v.optional(v.nullable(v.boolean())),
    quantize: text,
    quantization: text,
    renderer: text,
    parser: text
});

export function parseCreateRequest(body: unknown): CreateRequest & { stream: boolean } {
    const request = parseBody(createSchema, body);
    const model = request.model || request.name;
    if (!model) throw new BadRequestError("model is required");
    const optional = <K extends string, T>(key: K, value: T | null | undefined): { [P in K]?: T } =>
        (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
    return {
        model,
        ...optional("from", request.from),
        ...optional("files", request.files),
        ...optional("adapters", request.adapters),
        ...optional("template", request.template),
        ...optional("system", request.system),
        ...optional("license", request.license),
        ...optional("parameters", request.parameters),
        ...optional("messages", request.messages),
        ...optional("requires", request.requires),
        ...optional("quantize", request.quantize || request.quantization),
        stream: request.stream !== false
    };
}
