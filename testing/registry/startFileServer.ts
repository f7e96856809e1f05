/**
 * @module startFileServer
 * A static file server on loopback for direct-URL downloads: Content-Length, a strong ETag,
 * single byte ranges (206, 416, If-Range), and the same {@link Faults} and request log as the
 * registry proxy. `ranges: false` plays a server that ignores Range.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { join, resolve, sep } from "node:path";
import { freePort } from "../../cli/freePort.js";
import { sendWithFaults, type Faults, type ServedRequest } from "./Faults.js";

export type FileServer = {
    url: string;
    /** 127.0.0.1:PORT */
    host: string;
    requests: ServedRequest[];
    faults: Faults;
    stop(): Promise<void>;
};

export async function startFileServer(dir: string, options: { ranges?: boolean } = {}): Promise<FileServer> {
    const ranges = options.ranges !== false;
    const root = resolve(dir);
    const requests: ServedRequest[] = [];
    const sockets = new Set<Socket>();
    const files: FileServer = { url: "", host: "", requests, faults: {}, stop: async () => undefined };
    const server = createServer((request, response) => {
        const method = request.method ?? "GET";
        const path = request.url ?? "/";
        const range = ranges ? request.headers.range : undefined;
        const faultRequest = { method, path, ...(range ? { range } : {}) };
        // `%2e%2e/` survives URL parsing as `../` once decoded: anything resolving outside root is a 404,
        // and so is a malformed escape (decodeURIComponent throws, which would crash the test run).
        let file = "";
        try {
            file = join(root, decodeURIComponent(new URL(path, "http://x").pathname));
        } catch {}
        const info = file.startsWith(root + sep) ? statSync(file, { throwIfNoEntry: false }) : undefined;
        if (!info?.isFile()) {
            response.writeHead(404, { "Content-Type": "text/plain" });
            response.end("not found\n");
            requests.push({ ...faultRequest, status: 404, bytesSent: 0 });
            return;
        }
        const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
        const headers: Record<string, string> = { ETag: etag, "Content-Type": "application/octet-stream" };
        if (ranges) headers["Accept-Ranges"] = "bytes";
        let start = 0;
        let end = info.size - 1;
        let status = 200;
        const ifRange = request.headers["if-range"];
        // One range only (`a-b`, `a-`, or the last `-n` bytes); a list of ranges is ignored (a full 200), as RFC 9110 allows.
        const match = range && (!ifRange || ifRange === etag) ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
        if (match && (match[1] || match[2])) {
            if (match[1]) {
                start = Number(match[1]);
                end = match[2] ? Math.min(Number(match[2]), info.size - 1) : info.size - 1;
            } else {
                start = Math.max(info.size - Number(match[2]), 0);
            }
            if (start >= info.size || start > end || (!match[1] && Number(match[2]) === 0)) {
                response.writeHead(416, { "Content-Range": `bytes */${info.size}` });
                response.end();
                requests.push({ ...faultRequest, status: 416, bytesSent: 0 });
                return;
            }
            status = 206;
            headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
        }
        headers["Content-Length"] = String(end - start + 1);
        response.writeHead(status, headers);
        const body = method === "HEAD" || info.size === 0 ? undefined : (createReadStream(file, { start, end }) as AsyncIterable<Buffer>);
        void sendWithFaults(body, response, faultRequest, files.faults, requests);
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    files.host = `127.0.0.1:${port}`;
    files.url = `http://${files.host}`;
    files.stop = async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
    };
    return files;
}
