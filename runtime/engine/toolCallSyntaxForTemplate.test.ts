import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { toolCallSyntaxForTemplate } from "./toolCallSyntaxForTemplate.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../test/fixtures/templates/${name}`, import.meta.url)), "utf8");

test("Qwen's template: calls between <tool_call> and </tool_call>", () => {
    assert.deepEqual(toolCallSyntaxForTemplate(fixture("qwen-tools.gotmpl")), {
        kind: "json",
        prefix: "<tool_call>",
        suffix: "</tool_call>"
    });
});

test("a Mistral-style list of calls after [TOOL_CALLS]", () => {
    const template =
        '{{ range .Messages }}{{ if eq .Role "user" }}[INST] {{ .Content }}[/INST]{{ else if .ToolCalls }}[TOOL_CALLS] [{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ json .Function.Arguments }}}{{ end }}]</s>{{ else }}{{ .Content }}</s>{{ end }}{{ end }}';
    assert.deepEqual(toolCallSyntaxForTemplate(template), { kind: "json", prefix: "[TOOL_CALLS]", suffix: "" });
});

test("a template that writes bare JSON calls, and one without tool calls at all", () => {
    const bare =
        '{{ range .Messages }}{{ .Role }}: {{ if .ToolCalls }}{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "parameters": {{ .Function.Arguments }}}{{ end }}{{ else }}{{ .Content }}{{ end }}\n{{ end }}';
    assert.deepEqual(toolCallSyntaxForTemplate(bare), { kind: "json", prefix: "", suffix: "" });
    assert.deepEqual(toolCallSyntaxForTemplate("{{ .Prompt }}"), { kind: "json", prefix: "", suffix: "" });
});
