/**
 * @module errorResponse
 * Renders any error as an HTTP response: the status from errorStatus, the body in the shape of
 * the API family that was called. A function file picks its family with `export const errors`.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { FunctionBusyError } from "../errors/FunctionBusyError.js";
import { MethodNotAllowedError } from "../errors/MethodNotAllowedError.js";
import { QueueFullError } from "../errors/QueueFullError.js";
import { UnauthorizedError } from "../errors/UnauthorizedError.js";
import { errorMessage, type UnexpectedErrorLog } from "./errorMessage.js";
import { errorStatus } from "./errorStatus.js";
import { jsonResponse } from "./jsonResponse.js";

/** Which API's error body to write: Ollama's `{"error": "…"}`, OpenAI's or Anthropic's envelope. */
export type ErrorFamily = "ollama" | "openai" | "anthropic";

export const errorFamilies: readonly ErrorFamily[] = ["ollama", "openai", "anthropic"];

/**
 * The response for `error`. Errors that are not KettleErrors are logged through `log` (stderr by
 * default) and answered with 500 and "internal error", so their text never reaches the client.
 */
export function errorResponse(error: unknown, log?: UnexpectedErrorLog, family: ErrorFamily = "ollama"): Response {
    const status = errorStatus(error);
    const headers: Record<string, string> = {};
    if (error instanceof MethodNotAllowedError) headers.Allow = error.allow.join(", ");
    // Clients that retry (openai, anthropic) wait this long before trying a full queue again.
    if (error instanceof QueueFullError || error instanceof FunctionBusyError) headers["Retry-After"] = "1";
    if (error instanceof UnauthorizedError) headers["WWW-Authenticate"] = "Bearer";
    const param = error instanceof BadRequestError ? error.param : undefined;
    return jsonResponse(errorBody(family, status, errorMessage(error, log), param), status, headers);
}

/** The JSON body of an error in `family`'s shape; `param` names the field at fault, where OpenAI's shape has room for it. */
export function errorBody(family: ErrorFamily, status: number, message: string, param?: string): unknown {
    switch (family) {
        case "ollama":
            return { error: message };
        case "openai":
            // Ollama's OpenAI layer: invalid_request_error for 400, not_found_error for 404, api_error otherwise.
            return { error: { message, type: openAiErrorType(status), param: param ?? null, code: null } };
        case "anthropic":
            return { type: "error", error: { type: anthropicErrorType(status), message } };
    }
}

function openAiErrorType(status: number): string {
    // OpenAI answers a bad key as an invalid request too (code invalid_api_key).
    if (status === 400 || status === 401 || status === 413 || status === 405) return "invalid_request_error";
    if (status === 404) return "not_found_error";
    return "api_error";
}

function anthropicErrorType(status: number): string {
    switch (status) {
        case 400:
        case 405:
            return "invalid_request_error";
        case 401:
            return "authentication_error";
        case 403:
            return "permission_error";
        case 404:
            return "not_found_error";
        case 413:
            return "request_too_large";
        case 429:
            return "rate_limit_error";
        case 503:
            return "overloaded_error";
        default:
            return "api_error";
    }
}
