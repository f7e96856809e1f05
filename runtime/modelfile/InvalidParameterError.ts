/**
 * @module InvalidParameterError
 * A model parameter (Modelfile PARAMETER or an API `options`/`parameters` entry) that Kettle does
 * not know or whose value has the wrong type. It is a bad request: the caller must fix its input.
 */
import { BadRequestError } from "../errors/BadRequestError.js";

export class InvalidParameterError extends BadRequestError {
    constructor(
        readonly parameter: string,
        message: string,
        options?: ErrorOptions
    ) {
        super(message, options);
    }
}
