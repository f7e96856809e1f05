/**
 * @module validateBatchInput
 * Reads a batch's input file once, before anything runs, and checks every line as OpenAI does:
 * JSON, a string `custom_id` unique in the file, `method` POST, `url` the batch's endpoint, a
 * `body` object naming a model the store has. Answers the lines (where each one's JSON is in the
 * file, so the runner reads one line at a time), or the problems, each with its line number.
 */
import { createReadStream } from "node:fs";
import type { BatchError, BatchLine } from "./BatchStore.js";

/** At most this many problems are reported; the file is rejected all the same. */
const maxErrors = 1000;

export type Validated = { lines: BatchLine[]; errors: BatchError[] };

export async function validateBatchInput(
    path: string,
    endpoint: string,
    modelExists: (name: string) => Promise<boolean>
): Promise<Validated> {
    const lines: BatchLine[] = [];
    const errors: BatchError[] = [];
    const seen = new Set<string>();
    const models = new Map<string, boolean>();
    const problem = (line: number, code: string, message: string, param: string | null = null) => {
        if (errors.length < maxErrors) errors.push({ code, message, param, line });
    };

    for await (const { text, line, offset, length } of jsonLines(path)) {
        let request: unknown;
        try {
            request = JSON.parse(text);
        } catch {
            problem(line, "invalid_json_line", `line ${line} is not valid JSON`);
            continue;
        }
        if (typeof request !== "object" || request === null || Array.isArray(request)) {
            problem(line, "invalid_request", `line ${line} is not a JSON object`);
            continue;
        }
        const { custom_id: customId, method, url, body } = request as Record<string, unknown>;
        if (typeof customId !== "string" || customId === "") {
            problem(line, "missing_required_parameter", `line ${line} has no custom_id (a non-empty string)`, "custom_id");
            continue;
        }
        if (seen.has(customId)) {
            problem(
                line,
                "duplicate_custom_id",
                `line ${line}: custom_id ${JSON.stringify(customId)} is used by an earlier line`,
                "custom_id"
            );
            continue;
        }
        seen.add(customId);
        if (method !== "POST") {
            problem(line, "invalid_method", `line ${line}: method must be "POST", got ${JSON.stringify(method ?? null)}`, "method");
            continue;
        }
        if (url !== endpoint) {
            problem(
                line,
                "mismatched_endpoint",
                `line ${line}: url ${JSON.stringify(url ?? null)} is not the batch's endpoint ${endpoint}`,
                "url"
            );
            continue;
        }
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
            problem(line, "invalid_request", `line ${line}: body must be a JSON object`, "body");
            continue;
        }
        const model = (body as Record<string, unknown>).model;
        if (typeof model !== "string" || model === "") {
            problem(line, "missing_required_parameter", `line ${line}: body.model is required`, "body.model");
            continue;
        }
        let exists = models.get(model);
        if (exists === undefined) {
            exists = await modelExists(model);
            models.set(model, exists);
        }
        if (!exists) {
            problem(line, "model_not_found", `line ${line}: model ${JSON.stringify(model)} not found, try pulling it first`, "body.model");
            continue;
        }
        lines.push({ line, custom_id: customId, model, offset, length });
    }
    if (lines.length === 0 && errors.length === 0) {
        errors.push({ code: "empty_file", message: "the input file has no requests", param: null, line: null });
    }
    return { lines, errors };
}

/** The file's non-empty lines, with their 1-based numbers and byte ranges. */
async function* jsonLines(path: string): AsyncGenerator<{ text: string; line: number; offset: number; length: number }> {
    let pending: Buffer[] = [];
    let pendingStart = 0;
    let position = 0;
    let line = 0;
    const emit = (buffer: Buffer, offset: number) => {
        line++;
        // A CRLF file's \r stays outside the range, like the \n.
        const length = buffer.length > 0 && buffer[buffer.length - 1] === 0x0d ? buffer.length - 1 : buffer.length;
        const text = buffer.subarray(0, length).toString("utf8");
        return text.trim() === "" ? undefined : { text, line, offset, length };
    };
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
        let start = 0;
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, start)) {
            const piece = chunk.subarray(start, i);
            const whole = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
            const item = emit(whole, pending.length > 0 ? pendingStart : position + start);
            pending = [];
            if (item) yield item;
            start = i + 1;
        }
        if (start < chunk.length) {
            if (pending.length === 0) pendingStart = position + start;
            pending.push(chunk.subarray(start));
        }
        position += chunk.length;
    }
    if (pending.length > 0) {
        const item = emit(Buffer.concat(pending), pendingStart);
        if (item) yield item;
    }
}
