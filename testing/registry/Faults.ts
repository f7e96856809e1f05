/**
 * @module Faults
 * What the test servers in front of a download (the registry proxy, the file server) can do to a
 * response body, to interrupt Kettle the ways real networks do: hold it (a part that stalls while
 * the others finish), drop the connection after some bytes, or flip a byte (a corrupted blob).
 * Every response is logged, so a test can tell exactly which byte ranges were fetched again.
 */
import type { ServerResponse } from "node:http";

export type FaultRequest = { method: string; path: string; range?: string };

export type Faults = {
    /** Flip one byte of this response's body (its length stays the same). */
    tamper?(request: FaultRequest): boolean;
    /** Send this many body bytes, then destroy the connection. */
    dropAfter?(request: FaultRequest): number | undefined;
    /** Send the status and headers, then wait for this promise before sending any of the body. */
    hold?(request: FaultRequest): Promise<void> | undefined;
};

export type ServedRequest = FaultRequest & {
    status?: number;
    bytesSent: number;
    /** The connection was cut by `dropAfter`. */
    dropped?: boolean;
    /** The client went away before the body was sent. */
    aborted?: boolean;
};

/** Sends `body` (headers already set with writeHead) through the faults, and logs the request in `log` once done. */
export async function sendWithFaults(
    body: AsyncIterable<Buffer> | undefined,
    response: ServerResponse,
    request: FaultRequest,
    faults: Faults,
    log: ServedRequest[]
): Promise<void> {
    const entry: ServedRequest = { ...request, status: response.statusCode, bytesSent: 0 };
    const closed = new Promise<void>((resolve) => response.once("close", resolve));
    try {
        const hold = faults.hold?.(request);
        if (hold) {
            response.flushHeaders();
            await Promise.race([hold, closed]);
        }
        if (response.destroyed) {
            entry.aborted = true;
            return;
        }
        let tamper = faults.tamper?.(request) ?? false;
        const dropAfter = faults.dropAfter?.(request);
        for await (const chunk of body ?? []) {
            if (response.destroyed) {
                entry.aborted = true;
                return;
            }
            let bytes = chunk;
            if (tamper && bytes.length > 0) {
                bytes = Buffer.from(bytes);
                bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
                tamper = false;
            }
            if (dropAfter !== undefined && entry.bytesSent + bytes.length >= dropAfter) {
                const part = bytes.subarray(0, dropAfter - entry.bytesSent);
                entry.bytesSent += part.length;
                entry.dropped = true;
                await new Promise<void>((resolve) => response.write(part, () => resolve()));
                response.socket?.destroy();
                return;
            }
            entry.bytesSent += bytes.length;
            if (!response.write(bytes)) await Promise.race([new Promise((resolve) => response.once("drain", resolve)), closed]);
        }
        response.end();
    } catch {
        // The client or the upstream went away mid-body (a cancelled part): log it, don't crash the test.
        entry.aborted = true;
        response.destroy();
    } finally {
        log.push(entry);
    }
}
