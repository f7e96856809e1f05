/**
 * @module ForbiddenHostError
 * A request to a server on loopback whose `Host` is not a local name (the DNS-rebinding guard,
 * server/isAllowedHost). Answered with 403.
 */
import { KettleError } from "./KettleError.js";

export class ForbiddenHostError extends KettleError {
    constructor(readonly host: string) {
        super(
            `host ${JSON.stringify(host)} is not allowed: this server answers local names only (add it to server.allowed_hosts to allow it)`
        );
    }
}
