/** @module ServerUnreachableError No Kettle server answers at the configured address. */
export class ServerUnreachableError extends Error {
    override name = "ServerUnreachableError";

    constructor(readonly url: string) {
        super(`could not connect to a Kettle server at ${url}: start one with \`kettle serve\``);
    }
}
