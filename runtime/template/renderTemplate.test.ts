import { test } from "node:test";
import assert from "node:assert/strict";
import { cachedTemplate, parseTemplate, renderTemplate, TemplateError } from "./renderTemplate.js";

const chatml = `{{- if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}{{ if .Prompt }}<|im_start|>user
{{ .Prompt }}<|im_end|>
{{ end }}<|im_start|>assistant
{{ .Response }}<|im_end|>`;

test("ChatML prompt template: with and without a system prompt, with a response", () => {
    assert.equal(
        renderTemplate(chatml, { System: "You are helpful.", Prompt: "Hi", Response: "" }),
        "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<|im_end|>"
    );
    assert.equal(
        renderTemplate(chatml, { System: "", Prompt: "Hi", Response: "" }),
        "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<|im_end|>"
    );
    assert.equal(
        renderTemplate(chatml, { Prompt: "Hi", Response: "Hello!" }),
        "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>"
    );
    // A key the data lacks prints as Go prints a missing map key.
    assert.equal(renderTemplate(chatml, { Prompt: "Hi" }), "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<no value><|im_end|>");
});

const llama3 = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|start_header_id|>{{ .Role }}<|end_header_id|>

{{ .Content }}{{ if not $last }}<|eot_id|>{{ end }}
{{- if and (eq .Role "user") $last }}<|start_header_id|>assistant<|end_header_id|>

{{ end }}
{{- end }}`;

test("Llama 3 Messages template: the last user message opens the assistant turn", () => {
    const messages = (...pairs: [string, string][]) => ({ Messages: pairs.map(([Role, Content]) => ({ Role, Content })) });
    assert.equal(
        renderTemplate(llama3, messages(["system", "Be brief."], ["user", "Hi"])),
        "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|start_header_id|>assistant<|end_header_id|>\n\n"
    );
    assert.equal(
        renderTemplate(llama3, messages(["user", "Hi"])),
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|start_header_id|>assistant<|end_header_id|>\n\n"
    );
    // Ending on an assistant message continues it: no end-of-turn and no new header.
    assert.equal(
        renderTemplate(llama3, messages(["user", "Hi"], ["assistant", "Hello"])),
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello"
    );
    assert.equal(
        renderTemplate(llama3, messages(["user", "A"], ["assistant", "B"], ["user", "C"])),
        "<|start_header_id|>user<|end_header_id|>\n\nA<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nB<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nC<|start_header_id|>assistant<|end_header_id|>\n\n"
    );
    assert.equal(renderTemplate(llama3, { Messages: [] }), "");
});

const tools = `{{- if .Tools }}<|tools|>
{{- range .Tools }}
{{ json . }}
{{- end }}
<|/tools|>
{{ end }}
{{- range .Messages }}<|{{ .Role }}|>
{{ if .Content }}{{ .Content }}{{ end }}
{{- range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ json .Function.Arguments }}}{{ end }}<|end|>
{{ end }}<|assistant|>`;

test("a tools template: tool definitions and tool calls through json", () => {
    const data = {
        Tools: [
            {
                type: "function",
                function: {
                    name: "get_weather",
                    description: "Get <weather> & more",
                    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
                }
            }
        ],
        Messages: [
            { Role: "user", Content: "Weather in Paris?" },
            { Role: "assistant", Content: "", ToolCalls: [{ Function: { Name: "get_weather", Arguments: { city: "Paris", days: 2 } } }] },
            { Role: "tool", Content: "22C" }
        ]
    };
    const conversation =
        "<|user|>\nWeather in Paris?<|end|>\n" +
        '<|assistant|>\n{"name": "get_weather", "arguments": {"city":"Paris","days":2}}<|end|>\n' +
        "<|tool|>\n22C<|end|>\n<|assistant|>";
    assert.equal(
        renderTemplate(tools, data),
        "<|tools|>\n" +
            '{"type":"function","function":{"name":"get_weather","description":"Get \\u003cweather\\u003e \\u0026 more",' +
            '"parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}' +
            "\n<|/tools|>\n" +
            conversation
    );
    assert.equal(renderTemplate(tools, { ...data, Tools: [] }), conversation);
    assert.equal(renderTemplate(tools, { Messages: data.Messages }), conversation);
});

// Ollama's own golden files (template/llama3-instruct.gotmpl and its testdata), produced by Go.
const ollamaLlama3 =
    "{{- if .Messages }}\n{{- if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>\n{{- end }}\n" +
    "{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>\n{{- end }}" +
    "<|start_header_id|>assistant<|end_header_id|>\n\n{{ else -}}\n{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n" +
    "{{ .System }}<|eot_id|>{{ end }}{{ if .Prompt }}<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}<|eot_id|>{{ end }}" +
    "<|start_header_id|>assistant<|end_header_id|>\n\n{{ .Response }}<|eot_id|>\n{{- end -}}";

test("Ollama's llama3-instruct template matches its Go-rendered golden outputs", () => {
    const user = { Role: "user", Content: "Hello, how are you?" };
    assert.equal(
        renderTemplate(ollamaLlama3, { System: "", Messages: [user], Response: "" }),
        "<|start_header_id|>user<|end_header_id|>\n\nHello, how are you?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
    );
    const conversation = [
        user,
        { Role: "assistant", Content: "I'm doing great. How can I help you today?" },
        { Role: "user", Content: "I'd like to show off how chat templating works!" }
    ];
    assert.equal(
        renderTemplate(ollamaLlama3, { System: "You are a helpful assistant.", Messages: conversation, Response: "" }),
        "<|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n" +
            "Hello, how are you?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nI'm doing great. How can I help you today?<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nI'd like to show off how chat templating works!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
    );
    // The legacy branch, when there are no messages.
    assert.equal(
        renderTemplate(ollamaLlama3, { System: "S", Prompt: "P", Response: "" }),
        "<|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nP<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n<|eot_id|>"
    );
});

test("Ollama's TestExecuteWithMessages cases (mistral and chatml)", () => {
    const mistral =
        '[INST] {{ if .System }}{{ .System }}\n\n{{ end }}\n{{- range .Messages }}\n{{- if eq .Role "user" }}{{ .Content }}[/INST] ' +
        '{{ else if eq .Role "assistant" }}{{ .Content }}[INST] {{ end }}\n{{- end }}';
    const messages = [
        { Role: "system", Content: "You are a helpful assistant!" },
        { Role: "user", Content: "Hello friend!" },
        { Role: "assistant", Content: "Hello human!" },
        { Role: "user", Content: "What is your name?" }
    ];
    assert.equal(
        renderTemplate(mistral, { System: "You are a helpful assistant!", Messages: messages, Response: "" }),
        "[INST] You are a helpful assistant!\n\nHello friend![/INST] Hello human![INST] What is your name?[/INST] "
    );
    const chatmlMessages =
        "\n{{- range $index, $_ := .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n";
    assert.equal(
        renderTemplate(chatmlMessages, { System: "You are a helpful assistant!", Messages: messages, Response: "" }),
        "<|im_start|>system\nYou are a helpful assistant!<|im_end|>\n<|im_start|>user\nHello friend!<|im_end|>\n<|im_start|>assistant\n" +
            "Hello human!<|im_end|>\n<|im_start|>user\nWhat is your name?<|im_end|>\n<|im_start|>assistant\n"
    );
});

// Ollama's server/testdata/tools/llama3-groq-tool-use.gotmpl and .out, produced by Go.
const groq =
    "{{- if .Messages }}\n{{- if or .System .Tools }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}\n" +
    "{{- if .Tools }} You are provided with function signatures within <tools></tools> XML tags. You may call one or more functions to assist with the user query. " +
    "Don't make assumptions about what values to plug into functions. For each function call return a json object with function name and arguments within " +
    '<tool_call></tool_call> XML tags as follows:\n<tool_call>\n{"name": <function-name>,"arguments": <args-dict>}\n</tool_call>\n\nHere are the available tools:\n<tools>\n' +
    "{{- range .Tools }} {{ json .Function }}\n{{- end }} </tools>\n{{- end }}\n{{- end }}<|eot_id|>\n{{- range .Messages }}\n" +
    '{{- if ne .Role "system" }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ if eq .Role "user" }}{{ .Content }}\n' +
    '{{- else if eq .Role "assistant" }}\n{{- if .Content }}{{ .Content }}\n{{- else if .ToolCalls }}<tool_call>\n' +
    '{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ json .Function.Arguments }}}\n{{- end }}\n</tool_call>\n{{- end }}\n' +
    '{{- else if eq .Role "tool" }}<tool_response>\n{{ .Content }}\n</tool_response>\n{{- end }}<|eot_id|>\n{{- end }}\n{{- end }}' +
    "<|start_header_id|>assistant<|end_header_id|>\n\n{{ else }}\n{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}" +
    "{{ if .Prompt }}<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}<|eot_id|>{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n{{ end }}" +
    "{{ .Response }}\n{{- if .Response }}<|eot_id|>\n{{- end }}";

/** Go field names for the template, json tag names for json, as api.ToolFunction has. */
class ToolFunction {
    constructor(
        readonly Name: string,
        readonly Description: string,
        readonly Parameters: object
    ) {}
    toJSON(): object {
        return { name: this.Name, description: this.Description, parameters: this.Parameters };
    }
}

test("Ollama's llama3-groq-tool-use template matches its Go-rendered golden output", () => {
    const system = "You are a knowledgable assistant. You can answer questions and perform tasks.";
    const parameters = {
        type: "object",
        required: ["location", "format"],
        properties: {
            format: {
                type: "string",
                description: "The temperature unit to use. Infer this from the users location.",
                enum: ["celsius", "fahrenheit"]
            },
            location: { type: "string", description: "The city and state, e.g. San Francisco, CA" }
        }
    };
    const data = {
        System: system,
        Tools: [{ Type: "function", Function: new ToolFunction("get_current_weather", "Get the current weather", parameters) }],
        Messages: [
            { Role: "system", Content: system },
            { Role: "user", Content: "What's the weather like today in Paris?" },
            {
                Role: "assistant",
                Content: "",
                ToolCalls: [{ Function: { Name: "get_current_weather", Arguments: { format: "celsius", location: "Paris, France" } } }]
            },
            { Role: "tool", Content: "22" },
            { Role: "assistant", Content: "The current temperature in Paris, France is 22 degrees Celsius." },
            { Role: "user", Content: "What's the weather like today in San Francisco and Toronto?" }
        ],
        Response: ""
    };
    const golden =
        "<|start_header_id|>system<|end_header_id|>\n\nYou are a knowledgable assistant. You can answer questions and perform tasks. You are provided with function signatures within <tools></tools> XML tags. " +
        "You may call one or more functions to assist with the user query. Don't make assumptions about what values to plug into functions. For each function call return a json object with function name " +
        'and arguments within <tool_call></tool_call> XML tags as follows:\n<tool_call>\n{"name": <function-name>,"arguments": <args-dict>}\n</tool_call>\n\nHere are the available tools:\n' +
        '<tools> {"name":"get_current_weather","description":"Get the current weather","parameters":{"type":"object","required":["location","format"],"properties":{"format":{"type":"string",' +
        '"description":"The temperature unit to use. Infer this from the users location.","enum":["celsius","fahrenheit"]},"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}}}} ' +
        "</tools><|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat's the weather like today in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n<tool_call>\n" +
        '{"name": "get_current_weather", "arguments": {"format":"celsius","location":"Paris, France"}}\n</tool_call><|eot_id|><|start_header_id|>tool<|end_header_id|>\n\n<tool_response>\n22\n' +
        "</tool_response><|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nThe current temperature in Paris, France is 22 degrees Celsius.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n" +
        "What's the weather like today in San Francisco and Toronto?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    assert.equal(renderTemplate(groq, data), golden);
});

test("parsed templates are cached by source text, up to 64 of them", () => {
    const first = cachedTemplate("{{ .A }} cache test");
    assert.equal(cachedTemplate("{{ .A }} cache test"), first);
    for (let index = 0; index < 64; index++) cachedTemplate(`{{ .A }} filler ${index}`);
    assert.notEqual(cachedTemplate("{{ .A }} cache test"), first);
    assert.equal(renderTemplate("{{ .A }} cache test", { A: 1 }), "1 cache test");
});

test("syntax and execution errors surface as TemplateError", () => {
    assert.throws(
        () => renderTemplate("{{ if .X }}", {}),
        (err: unknown) => err instanceof TemplateError && err.message === "template: :1: unexpected EOF"
    );
    assert.throws(() => parseTemplate("{{ .X }"), { name: "TemplateError", message: 'template: :1: unexpected "}" in operand' });
    assert.throws(() => renderTemplate("{{ index .L 1 }}", { L: [] }), TemplateError);
});
