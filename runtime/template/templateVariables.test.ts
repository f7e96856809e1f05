import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTemplate } from "./parseTemplate.js";
import { templateVariables } from "./templateVariables.js";

function vars(source: string): string[] {
    return templateVariables(parseTemplate(source));
}

// The cases of Ollama's TestParse that do not rely on Ollama appending {{ .Response }}.
test("fields and variables, lower-cased and sorted, as Ollama's Vars()", () => {
    assert.deepEqual(vars("{{ .System }} {{ .Prompt }} {{ .Response }}"), ["prompt", "response", "system"]);
    assert.deepEqual(vars("{{ range .Messages }}{{ .Role }} {{ .Content }}{{ end }}"), ["content", "messages", "role"]);
    assert.deepEqual(vars('{{ range .Messages }}{{ if eq .Role "tool" }}Tool Result: {{ .ToolName }} {{ .Content }}{{ end }}{{ end }}'), [
        "content",
        "messages",
        "role",
        "toolname"
    ]);
    assert.deepEqual(
        vars(
            "{{- if .Messages }}\n{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n{{ else -}}\n" +
                "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n" +
                "{{ end }}<|im_start|>assistant\n{{ .Response }}<|im_end|>\n{{- end -}}"
        ),
        ["content", "messages", "prompt", "response", "role", "system"]
    );
});

test("variables used (not declared), parenthesized pipelines and defined templates count too", () => {
    assert.deepEqual(vars('{{ range $i, $m := .Messages }}{{ $.Tools }}{{ end }}{{ define "t" }}{{ json (index .Suffix 0) }}{{ end }}'), [
        "$",
        "messages",
        "suffix",
        "tools"
    ]);
    assert.deepEqual(vars("plain text"), []);
});
