import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTemplate } from "./parseTemplate.js";
import { TemplateError } from "./TemplateError.js";
import { KettleError } from "../errors/KettleError.js";
import { formatNode } from "./formatNode.js";

function parseError(source: string): TemplateError {
    try {
        parseTemplate(source);
    } catch (err) {
        assert.ok(err instanceof TemplateError);
        return err;
    }
    assert.fail(`expected ${JSON.stringify(source)} to be rejected`);
}

function message(source: string): string {
    return parseError(source).message;
}

test("errors are TemplateErrors that carry Go's message and the line", () => {
    const err = parseError("{{ if .X }}\n\n{{ .Y } }}{{ end }}");
    assert.equal(err.message, 'template: :3: unexpected "}" in operand');
    assert.equal(err.line, 3);
    assert.equal(err.name, "TemplateError");
    assert.ok(err instanceof KettleError);
});

test("unclosed actions, with the line the action started on", () => {
    assert.equal(message("hello\n{{ .X"), "template: :2: unclosed action");
    assert.equal(message("{{ .X\n\n"), "template: :3: unclosed action started at :1");
    assert.equal(message("{{ if .X }}\n{{ (.Y\n}}"), "template: :3: unclosed left paren in action started at :2");
});

test("unexpected {{end}} or {{else}}, and a missing {{end}}", () => {
    assert.equal(message("a\n{{ end }}"), "template: :2: unexpected {{end}}");
    assert.equal(message("{{ else }}"), "template: :1: unexpected {{else}}");
    assert.equal(message("{{ if .X }}\nyes\n"), "template: :3: unexpected EOF");
    assert.equal(message("{{ range .X }}{{ else }}{{ else }}{{ end }}"), "template: :1: expected end; found {{else}}");
    assert.equal(message('{{ define "x" }}{{ else }}{{ end }}'), "template: :1: unexpected {{else}} in define clause");
    assert.equal(message("{{ if .X }}{{ else with .Y }}{{ end }}"), "template: :1: unexpected <with> in input");
});

test("functions and variables are checked at parse time", () => {
    assert.equal(message("{{ foo .X }}"), 'template: :1: function "foo" not defined');
    assert.equal(message("{{ .X | toUpper }}"), 'template: :1: function "toUpper" not defined');
    assert.equal(message("{{ $x }}"), 'template: :1: undefined variable "$x"');
    assert.equal(message("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}"), 'template: :1: undefined variable "$y"');
    assert.equal(message("{{ range $i, $e := .L }}{{ end }}{{ $e }}"), 'template: :1: undefined variable "$e"');
});

test("malformed pipelines and commands", () => {
    assert.equal(message("{{ }}"), "template: :1: missing value for command");
    assert.equal(message("{{ if }}{{ end }}"), "template: :1: missing value for if");
    assert.equal(message("{{ .X | 3 }}"), "template: :1: non executable command in pipeline stage 2");
    assert.equal(message("{{ true.X }}"), 'template: :1: unexpected . after term "true"');
    assert.equal(message('{{ "s".X }}'), 'template: :1: unexpected . after term "\\"s\\""');
    assert.equal(message("{{ $x, $y := .A }}"), "template: :1: too many declarations in command");
    assert.equal(message("{{ range $i, 3 }}{{ end }}"), "template: :1: range can only initialize variables");
    assert.equal(message("{{ template . }}"), "template: :1: unexpected <.> in template clause");
    assert.equal(message("{{ template .X }}"), 'template: :1: unexpected ".X" in template clause');
    assert.equal(message('{{ "\\q" }}'), "template: :1: invalid syntax");
    assert.equal(message("{{ 99999999999999999999 }}"), 'template: :1: integer overflow: "99999999999999999999"');
});

test("break and continue only inside range", () => {
    assert.equal(message("{{ break }}"), "template: :1: {{break}} outside {{range}}");
    assert.equal(message("{{ if .X }}{{ continue }}{{ end }}"), "template: :1: {{continue}} outside {{range}}");
    assert.equal(message("{{ range .X }}{{ else }}{{ break }}{{ end }}"), "template: :1: {{break}} outside {{range}}");
    assert.equal(message("{{ range .X }}{{ break 1 }}{{ end }}"), 'template: :1: unexpected "1" in {{break}}');
    assert.doesNotThrow(() => parseTemplate("{{ range .X }}{{ if . }}{{ break }}{{ end }}{{ continue }}{{ end }}"));
});

test("lexical errors surface through the parser", () => {
    assert.equal(message('{{ "abc }}'), "template: :1: unterminated quoted string");
    assert.equal(message("{{/* never closed"), "template: :1: unclosed comment");
    assert.equal(message("a\nb\n{{ .X) }}"), "template: :3: unexpected right paren U+0029 ')'");
});

test("define and block add named templates; the root keeps the rest", () => {
    const parsed = parseTemplate('{{ define "a" }}A{{ end }}x{{ block "b" . }}B{{ end }}y');
    assert.deepEqual([...parsed.templates.keys()], ["a", "b"]);
    assert.equal(formatNode(parsed.root), 'x{{template "b" .}}y');
    assert.equal(formatNode(parsed.templates.get("a")!), "A");
    assert.equal(
        message('{{ define "a" }}A{{ end }}{{ define "a" }}B{{ end }}'),
        'template: :1: template: multiple definition of template "a"'
    );
    // An empty redefinition is allowed and keeps the first body.
    assert.equal(formatNode(parseTemplate('{{ define "a" }}A{{ end }}{{ define "a" }} {{ end }}').templates.get("a")!), "A");
});

test("the tree prints back as Go's String() would", () => {
    const source =
        '{{if and .A (not .B)}}{{.C.D | printf "%s"}}{{else if $.E}}e{{end}}' +
        "{{range $i, $m := .L}}{{$i}}{{break}}{{end}}{{with $x := 1}}{{$x = 2}}{{end}}";
    assert.equal(
        formatNode(parseTemplate(source).root),
        '{{if and .A (not .B)}}{{.C.D | printf "%s"}}{{else}}{{if $.E}}e{{end}}{{end}}' +
            "{{range $i, $m := .L}}{{$i}}{{break}}{{end}}{{with $x := 1}}{{$x = 2}}{{end}}"
    );
});
