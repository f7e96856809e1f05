/**
 * @module storeIoError
 * A file-system failure in the model store as a one-line StoreError that names the path and the
 * reason in words (`no space left on device`), for the store itself and for downloads into it.
 */
import { StoreError } from "../errors/StoreError.js";

const ioReasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    ENOTDIR: "a path component is not a directory",
    EISDIR: "is a directory"
};

/** Turns a file-system failure into a one-line StoreError that names the path and what went wrong. */
export function storeIoError(operation: "read" | "write" | "delete", path: string, error: unknown): Error {
    if (error instanceof StoreError) return error;
    const code = (error as NodeJS.ErrnoException)?.code;
    const reason = (code && ioReasons[code]) ?? (error instanceof Error ? error.message : String(error));
    return new StoreError(`cannot ${operation} ${path} in the model store: ${reason}`, { cause: error });
}
