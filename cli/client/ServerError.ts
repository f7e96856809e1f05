/** @module ServerError An error the server answered with (`{"error": …}`), carrying its HTTP status. */
export class ServerError extends Error {
    override name = "ServerError";

    constructor(
        readonly status: number,
        message: string
    ) {
        super(message);
    }
}
