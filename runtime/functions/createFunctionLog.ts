/**
 * @module createFunctionLog
 * `ctx.log`: one line per call through the process's logger, tagged with the route (`function`), so
 * a function's output can be told apart from the server's (and from other functions') in the same log.
 */
import { formatValues, log } from "../log/log.js";
import type { FunctionLog } from "./FunctionContext.js";

export function createFunctionLog(tag: string): FunctionLog {
    return {
        info: (...values) => log().info({ function: tag }, formatValues(values)),
        warn: (...values) => log().warn({ function: tag }, formatValues(values)),
        error: (...values) => log().error({ function: tag }, formatValues(values))
    };
}
