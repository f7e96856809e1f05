/**
 * @module templateChatValues
 * A conversation and its tools as a Modelfile TEMPLATE sees them: Go field names (`.Role`,
 * `.ToolCalls`, `.Function.Name`, `.Function.Parameters.Properties`), and values that print as
 * JSON where Ollama's Go types do (`{{ .Function.Arguments }}`, `{{ range .Tools }}{{ . }}`), so
 * Ollama's templates render the same prompt here.
 */
import type { ChatMessage, Tool, ToolCall } from "../ollama/types.js";
import { marshalJson } from "../template/marshalJson.js";

/** An object whose fields a template reads by name, and which prints as the JSON it came from. */
class JsonPrinted {
    readonly #json: unknown;
    constructor(json: unknown, fields: Record<string, unknown>) {
        this.#json = json;
        Object.assign(this, fields);
    }
    toJSON(): unknown {
        return this.#json;
    }
    toString(): string {
        return marshalJson(this.#json);
    }
}

export type TemplateMessage = {
    Role: string;
    Content: string;
    Thinking: string;
    Images: string[];
    ToolCalls: unknown[];
    ToolName: string;
    ToolCallID: string;
};

export function templateMessage(message: ChatMessage): TemplateMessage {
    return {
        Role: message.role,
        Content: message.content,
        Thinking: message.thinking ?? "",
        Images: message.images ?? [],
        ToolCalls: (message.tool_calls ?? []).map(templateToolCall),
        ToolName: message.tool_name ?? "",
        ToolCallID: message.tool_call_id ?? ""
    };
}

export function templateToolCall(call: ToolCall): unknown {
    const json = { ...(call.id ? { id: call.id } : {}), function: call.function };
    return new JsonPrinted(json, {
        ID: call.id ?? "",
        Function: {
            Index: call.function.index ?? 0,
            Name: call.function.name,
            Arguments: new JsonPrinted(call.function.arguments, call.function.arguments)
        }
    });
}

export function templateTool(tool: Tool): unknown {
    const parameters = tool.function.parameters ?? {};
    return new JsonPrinted(tool, {
        Type: tool.type,
        Function: new JsonPrinted(tool.function, {
            Name: tool.function.name,
            Description: tool.function.description ?? "",
            Parameters: templateSchema(parameters)
        })
    });
}

/** A JSON schema with Ollama's field names: Type, Required, Properties (each with Type, Description, Enum, Items). */
function templateSchema(schema: Record<string, unknown>): unknown {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    return new JsonPrinted(schema, {
        Type: typeText(schema.type),
        Required: Array.isArray(schema.required) ? schema.required : [],
        Description: typeof schema.description === "string" ? schema.description : "",
        Enum: Array.isArray(schema.enum) ? schema.enum : [],
        Items: isRecord(schema.items) ? templateSchema(schema.items) : undefined,
        Properties: Object.fromEntries(
            Object.entries(properties).map(([name, property]) => [name, templateSchema(isRecord(property) ? property : {})])
        )
    });
}

/** Ollama's PropertyType prints one type bare and several as a JSON array. */
function typeText(type: unknown): string {
    if (typeof type === "string") return type;
    if (Array.isArray(type)) return type.length === 1 ? String(type[0]) : marshalJson(type);
    return "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
