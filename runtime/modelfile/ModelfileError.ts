/**
 * @module ModelfileError
 * A Modelfile that cannot be parsed. It carries the 1-based line the problem starts on so that
 * the CLI and /api/create can point the user at it; line 0 means the file as a whole (no FROM).
 */
import { KettleError } from "../errors/KettleError.js";

export class ModelfileError extends KettleError {
    constructor(
        readonly line: number,
        readonly reason: string,
        options?: ErrorOptions
    ) {
        super(line > 0 ? `line ${line}: ${reason}` : reason, options);
    }
}
