/**
 * @module log
 * The one logger (pino) of every Kettle process: the server, its lanes and their workers. `text`
 * (the default) writes the `kettle: …` lines Kettle always has, an access line as
 * `kettle: POST /api/chat 200 41.2ms model=… request_id=…`; `json` writes pino's JSON lines for a
 * log shipper. Lines go to stderr synchronously, so none is lost when the process exits.
 */
import { formatWithOptions } from "node:util";
import { pino, destination, type Logger } from "pino";

export type LogFormat = "text" | "json";

let format: LogFormat = "text";
let logger = create(format);

/** Chosen once at start-up (`log.format`); a lane and its workers are told the server's. */
export function setLogFormat(next: LogFormat): void {
    if (next === format) return;
    format = next;
    logger = create(next);
}

export function logFormat(): LogFormat {
    return format;
}

export function log(): Logger {
    return logger;
}

function create(format: LogFormat): Logger {
    const options = { base: null, ...(format === "text" ? { timestamp: false } : {}) };
    if (format === "json") return pino(options, destination({ dest: 2, sync: true }));
    return pino(options, { write: (line: string) => void process.stderr.write(textLine(JSON.parse(line) as Record<string, unknown>)) });
}

/** A pino record as Kettle's text line. */
function textLine(record: Record<string, unknown>): string {
    const {
        level,
        msg,
        err,
        function: tag,
        ...fields
    } = record as {
        level: number;
        msg?: string;
        err?: { stack?: string; message?: string };
        function?: string;
    };
    const severity = level >= 50 ? "error: " : level >= 40 ? "warning: " : "";
    // A function's line reads as it always has: `kettle: GET /hello (hello.ts): warning: …`.
    if (tag !== undefined) return `kettle: ${tag}: ${severity}${msg ?? ""}\n`;
    // An access line's method, path and status are already its message.
    if ("request_id" in fields) for (const key of ["method", "path", "status"]) delete fields[key as keyof typeof fields];
    const rest = Object.entries(fields)
        .filter(([, value]) => value !== undefined && value !== null && value !== "")
        .map(([key, value]) => `${key}=${typeof value === "string" && !/\s/.test(value) ? value : JSON.stringify(value)}`)
        .join(" ");
    const error = err ? `: ${err.stack ?? err.message}` : "";
    return `kettle: ${severity}${msg ?? ""}${error}${rest ? ` ${rest}` : ""}\n`;
}

/** `console.log`'s formatting of a function's values, for `ctx.log`. */
export function formatValues(values: unknown[]): string {
    return formatWithOptions({ colors: false }, ...values);
}
