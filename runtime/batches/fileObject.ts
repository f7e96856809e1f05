/** @module fileObject A file's record as OpenAI's FileObject. */
import type { FileRecord } from "./FileStore.js";

export function fileObject(file: FileRecord): Record<string, unknown> {
    return {
        id: file.id,
        object: "file",
        bytes: file.bytes,
        created_at: file.created_at,
        filename: file.filename,
        purpose: file.purpose,
        status: "processed",
        expires_at: file.expires_at,
        status_details: null
    };
}
