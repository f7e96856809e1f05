import { test } from "node:test";
import assert from "node:assert/strict";
import { executeTemplate } from "./executeTemplate.js";
import { parseTemplate } from "./parseTemplate.js";
import { TemplateError } from "./TemplateError.js";

function render(source: string, data: unknown = {}): string {
    return executeTemplate(parseTemplate(source), data);
}

function renderError(source: string, data: unknown = {}): string {
    try {
        render(source, data);
    } catch (err) {
        assert.ok(err instanceof TemplateError, String(err));
        return err.message;
    }
    assert.fail(`expected ${JSON.stringify(source)} to fail`);
}

test("text, fields, $ and nested fields", () => {
    assert.equal(render("plain text"), "plain text");
    assert.equal(render("{{ .A }}-{{ .B.C }}-{{ $.A }}", { A: "a", B: { C: "c" } }), "a-c-a");
    assert.equal(render("{{ . }}", "dot"), "dot");
});

test("missing keys, null and undefined print <no value> and are false", () => {
    const data = { Null: null, Undefined: undefined, A: {} };
    assert.equal(
        render("{{ .Missing }}|{{ .Null }}|{{ .Undefined }}|{{ .A.Missing }}|{{ .Missing.Deeper }}", data),
        Array(5).fill("<no value>").join("|")
    );
    assert.equal(render("{{ if .Missing }}yes{{ else }}no{{ end }}", data), "no");
    // Go hands functions a nil interface, which fmt prints as <nil>.
    assert.equal(render('{{ print .Missing }}|{{ printf "%v" .Null }}|{{ .Missing | print }}', data), "<nil>|<nil>|<nil>");
});

test("numbers, booleans, arrays and objects print like Go's fmt", () => {
    const data = { F: 0.1 + 0.2, Big: 1e21, Tiny: 1e-7, Mid: 123456.5, Large: 1234567.5, Neg: -2.5, Int: 1000000 };
    assert.equal(render("{{ 42 }} {{ -7 }} {{ 3.25 }} {{ true }} {{ false }}"), "42 -7 3.25 true false");
    assert.equal(
        render("{{ .F }} {{ .Big }} {{ .Tiny }} {{ .Mid }} {{ .Large }} {{ .Neg }} {{ .Int }}", data),
        "0.30000000000000004 1e+21 1e-07 123456.5 1.2345675e+06 -2.5 1000000"
    );
    assert.equal(
        render("{{ .L }} {{ .N }} {{ .E }}", { L: ["a", "b", "c"], N: [[1, 2], [3], [true, null]], E: [] }),
        "[a b c] [[1 2] [3] [true <nil>]] []"
    );
    assert.equal(render("{{ . }}", { b: [1, "x"], a: { d: 1, c: null }, e: {} }), "map[a:map[c:<nil> d:1] b:[1 x] e:map[]]");
});

test("objects with their own toString() print through it, like Go Stringers", () => {
    class Arguments {
        constructor(readonly city: string) {}
        toString(): string {
            return `{"city":"${this.city}"}`;
        }
    }
    const data = { Args: new Arguments("Paris") };
    assert.equal(
        render('{{ .Args }} {{ print .Args }} {{ printf "%s|%q" .Args .Args }} {{ .Args.city }}', data),
        '{"city":"Paris"} {"city":"Paris"} {"city":"Paris"}|"{\\"city\\":\\"Paris\\"}" Paris'
    );
});

test("if, else if and else", () => {
    const source = "{{ if .A }}a{{ else if .B }}b{{ else }}c{{ end }}";
    assert.equal(render(source, { A: true }), "a");
    assert.equal(render(source, { A: 0, B: "x" }), "b");
    assert.equal(render(source, {}), "c");
});

test("truth follows Go: false, 0, nil and empty strings, arrays and maps are false", () => {
    class Struct {}
    const check = (value: unknown): string => render("{{ if . }}T{{ else }}F{{ end }}", value);
    const falsy = [false, 0, "", [], {}, null, undefined];
    const truthy = [true, 1, -1, 0.5, "0", " ", [0], { a: 0 }, new Struct(), () => 0];
    assert.equal(falsy.map(check).join(""), "FFFFFFF");
    assert.equal(truthy.map(check).join(""), "TTTTTTTTTT");
});

test("with sets dot; else and else with run when the value is empty", () => {
    const source = "{{ with .User }}{{ .Name }}{{ else with .Guest }}guest {{ . }}{{ else }}anonymous{{ end }}";
    assert.equal(render(source, { User: { Name: "Ann" } }), "Ann");
    assert.equal(render(source, { User: {}, Guest: "Bob" }), "guest Bob");
    assert.equal(render(source, {}), "anonymous");
    assert.equal(render("{{ with $x := .A }}{{ $x }}{{ . }}{{ end }}", { A: 5 }), "55");
});

test("range over arrays with element, index and element, or one variable", () => {
    const data = { L: ["a", "b", "c"] };
    assert.equal(render("{{ range .L }}<{{ . }}>{{ end }}", data), "<a><b><c>");
    assert.equal(render("{{ range $i, $e := .L }}{{ $i }}={{ $e }} {{ end }}", data), "0=a 1=b 2=c ");
    assert.equal(render("{{ range $e := .L }}{{ $e }}{{ . }}{{ end }}", data), "aabbcc");
    assert.equal(render("{{ range $i, $_ := .L }}{{ $i }}{{ end }}", data), "012");
});

test("range else runs for empty and missing collections", () => {
    const source = "{{ range .L }}{{ . }}{{ else }}empty{{ end }}";
    assert.equal(render(source, { L: [] }), "empty");
    assert.equal(render(source, { L: {} }), "empty");
    assert.equal(render(source, {}), "empty");
    assert.equal(render(source, { L: [0] }), "0");
});

test("range over maps visits keys in sorted order; over integers counts up", () => {
    const data = { M: { b: 2, c: 3, a: 1, B: 0 } };
    assert.equal(render("{{ range $k, $v := .M }}{{ $k }}={{ $v }};{{ end }}", data), "B=0;a=1;b=2;c=3;");
    assert.equal(render("{{ range .M }}{{ . }}{{ end }}", data), "0123");
    assert.equal(
        render("{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}"),
        "012|01|none"
    );
});

test("break and continue", () => {
    const data = { L: [1, 2, 3, 4, 5] };
    assert.equal(
        render("{{ range .L }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}", data),
        "13"
    );
    // break leaves only the innermost range, and skips nothing after it.
    assert.equal(
        render("{{ range .L }}{{ range $.L }}{{ if gt . 1 }}{{ break }}{{ end }}{{ . }}{{ end }};{{ end }}done", { L: [1, 2] }),
        "1;1;done"
    );
});

test("inside range, dot is the element and $ is still the data", () => {
    const data = { Messages: [{ Role: "user" }, { Role: "assistant" }], Name: "bot" };
    assert.equal(render("{{ range .Messages }}{{ .Role }}@{{ $.Name }} {{ end }}", data), "user@bot assistant@bot ");
    assert.equal(render("{{ range $i, $m := .Messages }}{{ if eq $i 1 }}{{ $m.Role }}{{ end }}{{ end }}", data), "assistant");
});

test("variables: declaration, assignment and block scope", () => {
    assert.equal(render("{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}"), "12");
    // Assignment reaches the outer variable; a declaration inside the block does not outlive it.
    assert.equal(render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $x := 3 }}{{ $x }}{{ end }}{{ $x }}"), "32");
    assert.equal(render("{{ $last := 0 }}{{ range .L }}{{ $last = . }}{{ end }}{{ $last }}", { L: [7, 8, 9] }), "9");
    assert.equal(render("{{ $x := .A }}{{ with .B }}{{ $x }}{{ end }}", { A: "a", B: "b" }), "a");
    assert.equal(render("{{ $i := 5 }}{{ range $i, $e := .L }}{{ end }}{{ $i }}", { L: [1] }), "5");
    // range with = assigns existing variables, which keep the last index and element.
    assert.equal(render("{{ $i := 0 }}{{ $e := 0 }}{{ range $i, $e = .L }}{{ end }}{{ $i }}{{ $e }}", { L: ["a", "b"] }), "1b");
    // Go only notices an assignment to an undeclared variable when it runs.
    assert.equal(renderError("{{ $y = 1 }}"), 'template: :1:8: executing "" at <1>: undefined variable: $y');
});

test("pipelines pass the previous value as the last argument", () => {
    assert.equal(render('{{ .Name | printf "%s!" }}', { Name: "hi" }), "hi!");
    assert.equal(render('{{ "a" | printf "%s-%s" "b" }}'), "b-a");
    assert.equal(render('{{ .L | len | printf "%03d" }}', { L: [1, 2] }), "002");
    assert.equal(render("{{ (len .L) }} {{ (index .L 1).Name }}", { L: [{ Name: "x" }, { Name: "y" }] }), "2 y");
});

test("define, template and block", () => {
    assert.equal(render('{{ define "item" }}[{{ . }}]{{ end }}{{ template "item" .A }}{{ template "item" "lit" }}', { A: 1 }), "[1][lit]");
    // No pipeline means a nil dot; $ in a template is its own dot.
    assert.equal(
        render('{{ define "t" }}{{ . }}/{{ $.N }}{{ end }}{{ template "t" }} {{ template "t" .Inner }}', { Inner: { N: "n" } }),
        "<no value>/<no value> map[N:n]/n"
    );
    assert.equal(render('{{ block "greeting" .Name }}Hello, {{ . }}{{ end }}!', { Name: "Ann" }), "Hello, Ann!");
    const tree = { Children: [{ Name: "a", Children: [{ Name: "b", Children: [] }] }] };
    assert.equal(
        render(
            '{{ define "node" }}{{ range . }}({{ .Name }}{{ template "node" .Children }}){{ end }}{{ end }}{{ template "node" .Children }}',
            tree
        ),
        "(a(b))"
    );
});

test("function-valued properties are methods called with arguments", () => {
    const data = {
        Greet: (name: string, punctuation = "") => `hi ${name}${punctuation}`,
        User: {
            first: "Ann",
            Name() {
                return this.first;
            }
        },
        Make: () => ({ Field: "f" })
    };
    assert.equal(render('{{ .Greet "bob" }} {{ .Greet "al" "!" }} {{ "x" | .Greet "y" }}', data), "hi bob hi al! hi yx");
    assert.equal(render("{{ .User.Name }} {{ .Make.Field }} {{ if .User.Name }}named{{ end }}", data), "Ann f named");
});

test("execution errors carry Go's location, template name and context", () => {
    assert.equal(
        renderError("{{ index .L 5 }}", { L: [1] }),
        'template: :1:3: executing "" at <index .L 5>: error calling index: index out of range: 5'
    );
    assert.equal(renderError("a\nbc {{ len 3 }}"), 'template: :2:6: executing "" at <len 3>: error calling len: len of type int');
    // Columns count bytes, as Go does.
    assert.equal(
        renderError("é{{ index .L 5 }}", { L: [] }),
        'template: :1:5: executing "" at <index .L 5>: error calling index: index out of range: 5'
    );
    assert.equal(
        renderError('{{ define "t" }}{{ index . 3 }}{{ end }}{{ template "t" .L }}', { L: [1, 2] }),
        'template: :1:19: executing "t" at <index . 3>: error calling index: index out of range: 3'
    );
    assert.equal(
        renderError('{{ template "nope" }}'),
        'template: :1:12: executing "" at <{{template "nope"}}>: template "nope" not defined'
    );
    assert.equal(
        renderError("{{ .A.B }}", { A: "text" }),
        'template: :1:5: executing "" at <.A.B>: can\'t evaluate field B in type string'
    );
    assert.equal(renderError("{{ .A 1 }}", { A: 3 }), 'template: :1:3: executing "" at <.A>: A is not a method but has arguments');
    assert.equal(renderError("{{ 1 2 }}"), 'template: :1:3: executing "" at <1>: can\'t give argument to non-function 1');
    assert.equal(renderError("{{ nil }}"), 'template: :1:3: executing "" at <nil>: nil is not a command');
    assert.equal(
        renderError("{{ range .S }}{{ end }}", { S: "abc" }),
        'template: :1:9: executing "" at <.S>: range can\'t iterate over abc'
    );
    assert.equal(
        renderError("{{ range $i, $e := 3 }}{{ end }}"),
        'template: :1:19: executing "" at <3>: can\'t use 3 to iterate over more than one variable'
    );
    assert.equal(
        renderError("{{ .F }}", {
            F: () => {
                throw new Error("boom");
            }
        }),
        'template: :1:3: executing "" at <.F>: error calling F: boom'
    );
    assert.equal(
        renderError('{{ define "t" }}{{ template "t" }}{{ end }}{{ template "t" }}'),
        'template: :1:28: executing "t" at <{{template "t"}}>: exceeded maximum template depth (1000)'
    );
});
