/**
 * @module kettle
 * The types a function file imports: `import type { Handler } from "kettle"`.
 */
export type { FunctionContext, FunctionLog, Handler, Params } from "./functions/FunctionContext.js";
export type {
    ChatMessage,
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GenerateResponse,
    Metrics,
    ModelOptions,
    Models,
    Tool,
    ToolCall
} from "./functions/Models.js";
export { ModelCallError } from "./errors/ModelCallError.js";
