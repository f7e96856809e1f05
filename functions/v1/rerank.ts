/** @module functions/v1/rerank `POST /v1/rerank`: `/api/rerank` (functions/api/rerank), with errors in OpenAI's shape. */
import type { ErrorFamily } from "../../runtime/functions/types.js";

export { model, onRequestPost, requires } from "../api/rerank.js";

export const errors: ErrorFamily = "openai";
