/**
 * @module KettleError
 * The base of every error Kettle raises on purpose. Its message is meant for the user as is;
 * anything that is not a KettleError is a bug and is reported as a generic internal error.
 */
export class KettleError extends Error {
    constructor(message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = new.target.name;
    }
}
