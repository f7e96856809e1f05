/**
 * @module createFunctionLog
 * `ctx.log`: one line per call on stderr, tagged with the route, so a function's output can be
 * told apart from the server's (and from other functions') in the same log.
 */
import { formatWithOptions } from "node:util";
import type { FunctionLog } from "./FunctionContext.js";

export function createFunctionLog(tag: string): FunctionLog {
    const write = (level: string, values: unknown[]) =>
        process.stderr.write(`kettle: ${tag}: ${level}${formatWithOptions({ colors: false }, ...values)}\n`);
    return {
        info: (...values) => write("", values),
        warn: (...values) => write("warning: ", values),
        error: (...values) => write("error: ", values)
    };
}
