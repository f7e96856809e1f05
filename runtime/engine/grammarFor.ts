/**
 * @module grammarFor
 * The grammar behind a request's `format`: `"json"` constrains output to any JSON value (llama.cpp's
 * JSON grammar), an object is a JSON schema compiled to a grammar for exactly that shape.
 */
import type { GbnfJsonSchema, Llama, LlamaGrammar } from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import { checkJsonSchema } from "./checkJsonSchema.js";
import type { GenerateInput } from "./types.js";

export async function grammarFor(llama: Llama, format: NonNullable<GenerateInput["format"]>): Promise<LlamaGrammar> {
    if (format === "json") return llama.getGrammarFor("json");
    checkJsonSchema(format, "invalid JSON schema in format");
    try {
        // Cast: the schema's type is only known at run time, and the typed overload wants it at compile time.
        return await llama.createGrammarForJsonSchema(format as GbnfJsonSchema as never);
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new BadRequestError(`invalid JSON schema in format: ${reason}`, { cause: error });
    }
}
