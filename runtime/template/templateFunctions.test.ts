import { test } from "node:test";
import assert from "node:assert/strict";
import { executeTemplate } from "./executeTemplate.js";
import { parseTemplate } from "./parseTemplate.js";
import { templateFunctions } from "./templateFunctions.js";
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

test("Go's built-ins and Ollama's extras are all defined", () => {
    assert.deepEqual([...templateFunctions.keys()].sort(), [
        "and",
        "call",
        "currentDate",
        "eq",
        "ge",
        "gt",
        "html",
        "index",
        "js",
        "json",
        "le",
        "len",
        "lt",
        "ne",
        "not",
        "or",
        "print",
        "printf",
        "println",
        "slice",
        "toTypeScriptType",
        "urlquery",
        "yesterdayDate"
    ]);
});

test("and/or return the deciding value and short-circuit", () => {
    const data = { X: "x", Boom: () => assert.fail("evaluated") };
    assert.equal(render('{{ and 1 0 2 }}|{{ and 1 "a" }}|{{ or 0 "" }}|{{ or 0 3 .Boom }}|{{ and 0 .Boom }}', data), "0|a||3|0");
    assert.equal(render("{{ .X | and 1 }}|{{ .X | or 0 }}|{{ 0 | and 1 }}|{{ .X | and 0 }}", data), "x|x|0|0");
    assert.equal(render("{{ if and .X (not .Y) }}yes{{ end }}{{ if or .Y .Z }}no{{ end }}", data), "yes");
    assert.equal(renderError("{{ and }}"), 'template: :1:3: executing "" at <and>: wrong number of args for and: want at least 1 got 0');
});

test("not, and wrong argument counts", () => {
    assert.equal(render("{{ not 0 }} {{ not .A }} {{ not .L }}", { A: "a", L: [] }), "true false true");
    assert.equal(renderError("{{ not 1 2 }}"), 'template: :1:3: executing "" at <not>: wrong number of args for not: want 1 got 2');
    assert.equal(renderError("{{ 1 | not 2 }}"), 'template: :1:7: executing "" at <not>: wrong number of args for not: want 1 got 2');
});

test("len counts bytes of strings, elements of arrays and keys of maps", () => {
    assert.equal(
        render("{{ len .S }} {{ len .U }} {{ len .L }} {{ len .M }} {{ len .E }}", {
            S: "abc",
            U: "héllo",
            L: [1, 2],
            M: { a: 1, b: 2, c: 3 },
            E: []
        }),
        "3 6 2 3 0"
    );
    assert.equal(renderError("{{ len 3 }}"), 'template: :1:3: executing "" at <len 3>: error calling len: len of type int');
    assert.equal(
        renderError("{{ len .Missing }}"),
        'template: :1:3: executing "" at <len .Missing>: error calling len: len of nil pointer'
    );
});

test("index reads arrays, strings (as bytes) and maps, several levels deep", () => {
    const data = {
        L: ["a", "b"],
        N: [
            [1, 2],
            [3, 4]
        ],
        M: { k: "v", nested: { x: [10, 20] } },
        S: "hey"
    };
    assert.equal(
        render(
            '{{ index .L 1 }} {{ index .N 1 0 }} {{ index .M "k" }} {{ index .M "nested" "x" 1 }} {{ index .S 1 }} {{ index .L }}',
            data
        ),
        "b 3 v 20 101 [a b]"
    );
    assert.equal(render('{{ index .M "missing" }}|{{ if index .M "missing" }}y{{ else }}n{{ end }}', data), "<no value>|n");
    assert.equal(
        renderError("{{ index .L 2 }}", data),
        'template: :1:3: executing "" at <index .L 2>: error calling index: reflect: slice index out of range'
    );
    assert.equal(
        renderError("{{ index .L -1 }}", data),
        'template: :1:3: executing "" at <index .L -1>: error calling index: index out of range: -1'
    );
    assert.equal(
        renderError('{{ index .L "a" }}', data),
        'template: :1:3: executing "" at <index .L "a">: error calling index: cannot index slice/array with type string'
    );
    assert.equal(
        renderError("{{ index .M 1 }}", data),
        'template: :1:3: executing "" at <index .M 1>: error calling index: value has type int; should be string'
    );
    assert.equal(
        renderError("{{ index .Missing 0 }}"),
        'template: :1:3: executing "" at <index .Missing 0>: error calling index: index of untyped nil'
    );
    assert.equal(
        renderError("{{ index 5 0 }}"),
        'template: :1:3: executing "" at <index 5 0>: error calling index: can\'t index item of type int'
    );
});

test("slice cuts arrays and strings (by bytes) like Go's x[i:j]", () => {
    const data = { L: [1, 2, 3, 4], S: "hello" };
    assert.equal(
        render("{{ slice .L 1 3 }} {{ slice .L 2 }} {{ slice .L }} {{ slice .L 1 2 3 }} {{ slice .L 4 }}", data),
        "[2 3] [3 4] [1 2 3 4] [2] []"
    );
    assert.equal(render('{{ slice .S 1 3 }} {{ slice .S 3 }} {{ slice "héllo" 0 3 }}', data), "el lo hé");
    assert.equal(render("{{ len (slice .L 2) }}", data), "2");
    assert.equal(
        renderError("{{ slice .L 3 1 }}", data),
        'template: :1:3: executing "" at <slice .L 3 1>: error calling slice: invalid slice index: 3 > 1'
    );
    assert.equal(
        renderError("{{ slice .L 5 }}", data),
        'template: :1:3: executing "" at <slice .L 5>: error calling slice: index out of range: 5'
    );
    assert.equal(
        renderError("{{ slice .S 1 2 3 }}", data),
        'template: :1:3: executing "" at <slice .S 1 2 3>: error calling slice: cannot 3-index slice a string'
    );
    assert.equal(
        renderError("{{ slice .Missing 1 }}"),
        'template: :1:3: executing "" at <slice .Missing 1>: error calling slice: slice of untyped nil'
    );
});

test("eq compares with any of several values; ne, lt, le, gt and ge compare two", () => {
    assert.equal(
        render(
            '{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ eq "a" "b" }} {{ eq .R "user" "tool" }} {{ eq true true }} {{ eq .Missing nil }} {{ eq .Missing "x" }}',
            { R: "tool" }
        ),
        "true true false true true true false"
    );
    assert.equal(
        render('{{ ne 1 2 }} {{ ne "a" "a" }} {{ lt 1 2 }} {{ lt "b" "a" }} {{ le 2 2 }} {{ gt 2.5 2 }} {{ ge "a" "b" }}'),
        "true false true false true true false"
    );
    assert.equal(
        renderError('{{ eq "a" 1 }}'),
        'template: :1:3: executing "" at <eq "a" 1>: error calling eq: incompatible types for comparison: string and int'
    );
    assert.equal(renderError("{{ eq 1 }}"), 'template: :1:3: executing "" at <eq 1>: error calling eq: missing argument for comparison');
    assert.equal(
        renderError("{{ lt true false }}"),
        'template: :1:3: executing "" at <lt true false>: error calling lt: invalid type for comparison'
    );
    assert.equal(
        renderError("{{ lt .Missing 1 }}"),
        'template: :1:3: executing "" at <lt .Missing 1>: error calling lt: invalid type for comparison'
    );
    assert.equal(
        renderError("{{ eq .L .L }}", { L: [1] }),
        'template: :1:3: executing "" at <eq .L .L>: error calling eq: non-comparable type []interface {}'
    );
});

test("print, println and printf", () => {
    // Sprint puts spaces only between operands that are not strings.
    assert.equal(render('{{ print 1 2 "a" "b" 3 nil true }}'), "1 2ab3 <nil> true");
    assert.equal(render('{{ println 1 "a" }}'), "1 a\n");
    assert.equal(
        render('{{ printf "%s=%d (%v) %q %.2f %5.1f|%-4s|%x %t %%" "n" 42 .L "q" 3.14159 2.35 "ab" 255 true }}', { L: [1, "b"] }),
        'n=42 ([1 b]) "q" 3.14   2.4|ab  |ff true %'
    );
    assert.equal(
        render('{{ printf "%d %s" "x" 3 }}|{{ printf "%d" }}|{{ printf "%d" 1 2 }}'),
        "%!d(string=x) %!s(int=3)|%!d(MISSING)|1%!(EXTRA int=2)"
    );
    assert.equal(renderError("{{ printf 3 }}"), 'template: :1:10: executing "" at <3>: expected string; found 3');
    assert.equal(
        renderError("{{ printf .N }}", { N: 3 }),
        'template: :1:10: executing "" at <.N>: wrong type for value; expected string; got int'
    );
});

test("html, js and urlquery escape the printed arguments", () => {
    assert.equal(render(`{{ html "<a href='x'>\\"&\\"</a>" }}`), "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;");
    assert.equal(render(`{{ js "it's <b>\\"q\\"</b> = \\n é" }}`), 'it\\\'s \\u003Cb\\u003E\\"q\\"\\u003C/b\\u003E \\u003D \\u000A é');
    assert.equal(render('{{ urlquery "a b&c=d/é?" }}'), "a+b%26c%3Dd%2F%C3%A9%3F");
    // Several arguments are joined by fmt.Sprint first; nil prints as <no value>.
    assert.equal(render("{{ html 1 2 }}|{{ html .Missing }}|{{ .X | html }}", { X: "<x>" }), "1 2|&lt;no value&gt;|&lt;x&gt;");
});

test("json encodes like Go's json.Marshal", () => {
    const data = { Args: { location: "Paris, France", format: "celsius", n: 1.5, ok: true, tags: ["<b>", "a&b"], none: null } };
    assert.equal(
        render("{{ json .Args }}", data),
        '{"location":"Paris, France","format":"celsius","n":1.5,"ok":true,"tags":["\\u003cb\\u003e","a\\u0026b"],"none":null}'
    );
    assert.equal(
        render('{{ json "x" }} {{ json 3 }} {{ json .Missing }} {{ json .L }} {{ .Args.tags | json }}', { L: [], Args: { tags: [] } }),
        '"x" 3 null [] []'
    );
    // Ollama ignores encoding errors and prints nothing.
    assert.equal(render("{{ json .Bad }}", { Bad: NaN }), "");
});

test("currentDate and yesterdayDate print local dates as YYYY-MM-DD", () => {
    const format = (date: Date): string =>
        `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
    const yesterday = new Date();
    yesterday.setDate(yesterday.getDate() - 1);
    assert.equal(render("{{ currentDate }}"), format(new Date()));
    assert.equal(render('{{ currentDate "2006-01-02" }}'), format(new Date()));
    assert.equal(render("{{ yesterdayDate }}"), format(yesterday));
    assert.equal(renderError("{{ currentDate 1 }}"), 'template: :1:15: executing "" at <1>: expected string; found 1');
});

test("toTypeScriptType maps JSON-schema types as Ollama does", () => {
    const data = {
        P: { type: "string" },
        Many: { type: ["integer", "null"] },
        Any: { anyOf: [{ type: "array" }, { type: "object" }] },
        None: { description: "x" }
    };
    assert.equal(
        render(
            "{{ toTypeScriptType .P }}|{{ toTypeScriptType .Many }}|{{ toTypeScriptType .Any }}|{{ toTypeScriptType .None }}|{{ toTypeScriptType 3 }}",
            data
        ),
        "string|number | null|any[] | Record<string, any>|any|any"
    );
});

test("call invokes a function value", () => {
    // .F itself would be a method call; index fetches the function without calling it.
    assert.equal(render('{{ call (index . "F") 2 3 }}', { F: (a: number, b: number) => a * b }), "6");
    assert.equal(renderError("{{ call .Missing }}"), 'template: :1:3: executing "" at <call .Missing>: error calling call: call of nil');
});
