/**
 * @module ShuttingDownError
 * A request or stream still running when the server's shutdown timeout (`server.shutdown_timeout`)
 * ran out: it ends with this, as its API's last error event. Answered with 503.
 */
import { KettleError } from "./KettleError.js";

export class ShuttingDownError extends KettleError {
    constructor() {
        super("the server is shutting down");
    }
}
