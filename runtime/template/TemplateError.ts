/**
 * @module TemplateError
 * A Go text/template that cannot be parsed or executed. Messages follow Go's wording
 * (`template: :3: unexpected "}" in operand`, `template: :1:2: executing "" at <index .X 5>: …`)
 * because users compare them with what Ollama prints; the template name is empty as in Ollama.
 */
import { KettleError } from "../errors/KettleError.js";

export class TemplateError extends KettleError {
    constructor(
        message: string,
        /** 1-based line in the template source the problem was found on, when known. */
        readonly line?: number,
        options?: ErrorOptions
    ) {
        super(message, options);
    }
}
