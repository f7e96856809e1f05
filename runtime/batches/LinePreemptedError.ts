/** @module LinePreemptedError A batch's line gave its sequence up to an interactive request; the batch runs it again. */
import { KettleError } from "../errors/KettleError.js";

export class LinePreemptedError extends KettleError {
    constructor() {
        super("the line gave its sequence to an interactive request and runs again later");
    }
}
