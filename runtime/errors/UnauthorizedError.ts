/**
 * @module UnauthorizedError
 * A request without a valid API key to a server that requires one (server/ApiKeys). Answered with
 * 401 and `WWW-Authenticate: Bearer`; the message never repeats the key that was sent.
 */
import { KettleError } from "./KettleError.js";

export class UnauthorizedError extends KettleError {
    constructor(readonly presented: boolean) {
        super(
            presented
                ? "invalid API key"
                : "this server requires an API key: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"
        );
    }
}
