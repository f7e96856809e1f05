/**
 * @module receiveUpload
 * `POST /v1/files`' multipart body (fields `file` and `purpose`, in either order), parsed with
 * busboy as it arrives: the file part is streamed into the {@link FileStore}, never held whole.
 */
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { BadRequestError } from "../errors/BadRequestError.js";
import { type FilePurpose, type FileRecord, type FileStore, uploadPurposes } from "./FileStore.js";

export async function receiveUpload(request: Request, files: FileStore): Promise<FileRecord> {
    const type = request.headers.get("content-type") ?? "";
    if (!type.toLowerCase().startsWith("multipart/form-data")) {
        throw new BadRequestError("files are uploaded as multipart/form-data with the fields file and purpose");
    }
    if (!request.body) throw new BadRequestError("missing request body");
    const parser = busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 8 } });
    const fields = new Map<string, string>();
    let stored: Promise<FileRecord> | undefined;
    const parsed = new Promise<void>((resolve, reject) => {
        parser.on("field", (name, value) => fields.set(name, value));
        parser.on("file", (name, stream, info) => {
            if (name !== "file" || stored) {
                stream.resume();
                return;
            }
            // Written to disk as it arrives; purpose may come after the file, so it is checked below.
            // Through a pass-through: a refused upload destroys that, and busboy's part is drained instead.
            const through = new PassThrough();
            stream.pipe(through);
            stored = files.receive(through, info.filename || "upload.jsonl");
            // A refused upload (too large) is drained, so the parse still reaches its end.
            stored.catch(() => {
                stream.unpipe(through);
                stream.resume();
            });
        });
        parser.on("error", (error: Error) => reject(new BadRequestError(`malformed multipart body: ${error.message}`)));
        parser.on("close", resolve);
    });
    Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>).pipe(parser);
    try {
        await parsed;
    } catch (error) {
        if (stored)
            await stored.then(
                (record) => files.delete(record.id),
                () => undefined
            );
        throw error;
    }
    if (!stored) throw new BadRequestError("the file field is missing", { param: "file" });
    const record = await stored;
    const refuse = (error: BadRequestError): never => {
        files.delete(record.id);
        throw error;
    };
    const purpose = fields.get("purpose");
    if (purpose === undefined) refuse(new BadRequestError("the purpose field is missing", { param: "purpose" }));
    if (!(uploadPurposes as readonly string[]).includes(purpose!)) {
        refuse(
            new BadRequestError(`purpose must be one of ${uploadPurposes.join(", ")}; got ${JSON.stringify(purpose)}`, { param: "purpose" })
        );
    }
    if (purpose === "batch" && record.lines > files.limits.maxLines) {
        refuse(
            new BadRequestError(`the file has ${record.lines} lines; a batch file may have at most ${files.limits.maxLines}`, {
                param: "file"
            })
        );
    }
    return purpose === "batch" ? record : files.setPurpose(record.id, purpose as FilePurpose);
}
