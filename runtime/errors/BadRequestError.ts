/** @module BadRequestError A request that is well-formed JSON but asks for something invalid. */
import { KettleError } from "./KettleError.js";

export type BadRequestOptions = ErrorOptions & {
    /** The request field at fault (`temperature`, `messages.0.role`): OpenAI's error `param`. */
    param?: string;
};

export class BadRequestError extends KettleError {
    readonly param: string | undefined;

    constructor(message: string, options?: BadRequestOptions) {
        super(message, options);
        this.param = options?.param;
    }
}
