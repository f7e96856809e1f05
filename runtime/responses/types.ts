/**
 * @module types
 * The Responses API's items, as Kettle stores and answers them: a conversation is a list of items
 * (messages, function calls and their outputs, reasoning), each with an id.
 */

export type InputText = { type: "input_text"; text: string };
export type InputImage = { type: "input_image"; image_url: string; detail: string };
export type OutputText = { type: "output_text"; text: string; annotations: unknown[] };
export type ContentPart = InputText | InputImage | OutputText;

export type MessageItem = {
    type: "message";
    id: string;
    role: "user" | "system" | "developer" | "assistant";
    content: ContentPart[];
    status: "in_progress" | "completed" | "incomplete";
};

export type FunctionCallItem = {
    type: "function_call";
    id: string;
    call_id: string;
    name: string;
    arguments: string;
    status: "in_progress" | "completed" | "incomplete";
};

export type FunctionCallOutputItem = {
    type: "function_call_output";
    id: string;
    call_id: string;
    output: string;
    status: "completed";
};

export type ReasoningItem = {
    type: "reasoning";
    id: string;
    summary: { type: "summary_text"; text: string }[];
    status?: "in_progress" | "completed" | "incomplete";
};

export type ResponseItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem;

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export type ResponseUsage = {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
};

/** OpenAI's response object (the fields Kettle fills; the rest as OpenAI answers them for such a request). */
export type ResponseObject = {
    id: string;
    object: "response";
    created_at: number;
    completed_at: number | null;
    status: ResponseStatus;
    error: { code: string; message: string } | null;
    incomplete_details: { reason: "max_output_tokens" } | null;
    instructions: string | null;
    max_output_tokens: number | null;
    model: string;
    output: ResponseItem[];
    parallel_tool_calls: boolean;
    previous_response_id: string | null;
    reasoning: { effort: string | null; summary: string | null };
    store: boolean;
    temperature: number;
    text: { format: Record<string, unknown> };
    tool_choice: unknown;
    tools: unknown[];
    top_p: number;
    truncation: "disabled";
    usage: ResponseUsage | null;
    user: null;
    metadata: Record<string, string>;
};
