import { test } from "node:test";
import assert from "node:assert/strict";
import { formatToken, lexTemplate, type Token } from "./lexTemplate.js";

function kinds(source: string): string[] {
    return lexTemplate(source).map((token) => `${token.type}:${token.val}`);
}

test("text, delimiters and the pieces of an action", () => {
    assert.deepEqual(kinds(`a{{ .X | printf "%d" $y (len .Z) }}b`), [
        "text:a",
        "leftDelim:{{",
        "space: ",
        "field:.X",
        "space: ",
        "pipe:|",
        "space: ",
        "identifier:printf",
        "space: ",
        'string:"%d"',
        "space: ",
        "variable:$y",
        "space: ",
        "leftParen:(",
        "identifier:len",
        "space: ",
        "field:.Z",
        "rightParen:)",
        "space: ",
        "rightDelim:}}",
        "text:b",
        "eof:"
    ]);
});

test("keywords, literals, declarations and chained fields", () => {
    assert.deepEqual(kinds("{{range $i, $e := .A.B}}{{else}}{{end}}"), [
        "leftDelim:{{",
        "range:range",
        "space: ",
        "variable:$i",
        "char:,",
        "space: ",
        "variable:$e",
        "space: ",
        "declare::=",
        "space: ",
        "field:.A",
        "field:.B",
        "rightDelim:}}",
        "leftDelim:{{",
        "else:else",
        "rightDelim:}}",
        "leftDelim:{{",
        "end:end",
        "rightDelim:}}",
        "eof:"
    ]);
    assert.deepEqual(
        kinds("{{$x = true nil 'a' 1.5e3 0x1F `r` . $ $.Y}}")
            .slice(1, -2)
            .filter((kind) => kind !== "space: "),
        [
            "variable:$x",
            "assign:=",
            "bool:true",
            "nil:nil",
            "charConstant:'a'",
            "number:1.5e3",
            "number:0x1F",
            "rawString:`r`",
            "dot:.",
            "variable:$",
            "variable:$",
            "field:.Y"
        ]
    );
});

test("trim markers remove all white space, newlines included, on their side", () => {
    assert.deepEqual(kinds("a \n\t{{- .X -}} \n b"), ["text:a", "leftDelim:{{", "field:.X", "rightDelim:}}", "text:b", "eof:"]);
    assert.deepEqual(kinds("a {{- .X }} b"), ["text:a", "leftDelim:{{", "field:.X", "space: ", "rightDelim:}}", "text: b", "eof:"]);
    // "{{-3}}" is the number -3, not a trim marker: the marker needs a space after it.
    assert.deepEqual(kinds("a {{-3}}"), ["text:a ", "leftDelim:{{", "number:-3", "rightDelim:}}", "eof:"]);
});

test("comments vanish, with or without trim markers", () => {
    assert.deepEqual(kinds("a {{/* note */}} b"), ["text:a ", "text: b", "eof:"]);
    assert.deepEqual(kinds("a \n{{- /* note\nmore */ -}}\n b"), ["text:a", "text:b", "eof:"]);
});

test("line numbers count newlines in text, actions, raw strings and trimmed space", () => {
    const tokens = lexTemplate("one\ntwo {{ .A }}\n{{-\n.B `x\ny` }}\n\n{{ .C }}");
    const lines = (val: string): number => tokens.find((token: Token) => token.val === val)!.line;
    assert.equal(lines(".A"), 2);
    assert.equal(lines(".B"), 4);
    assert.equal(lines("`x\ny`"), 4);
    assert.equal(lines(".C"), 7);
});

test("lexical errors end the stream with an error token", () => {
    const last = (source: string): string => {
        const tokens = lexTemplate(source);
        assert.equal(tokens.at(-1)!.type, "eof");
        return tokens.at(-2)!.val;
    };
    assert.equal(last("{{ .X"), "unclosed action");
    assert.equal(last("{{ (.X }}"), "unclosed left paren");
    assert.equal(last("{{ .X) }}"), "unexpected right paren U+0029 ')'");
    assert.equal(last('{{ "abc }}'), "unterminated quoted string");
    assert.equal(last("{{ `abc }}"), "unterminated raw quoted string");
    assert.equal(last("{{ 'a }}"), "unterminated character constant");
    assert.equal(last("{{/* x }}"), "unclosed comment");
    assert.equal(last("{{/* x */ }}"), "comment ends before closing delimiter");
    assert.equal(last("{{ $x: }}"), "expected :=");
    assert.equal(last("{{ 3x }}"), 'bad number syntax: "3x"');
    assert.equal(last("{{ $x+1 }}"), "bad character U+002B '+'");
    assert.equal(last("{{ § }}"), "unrecognized character in action: U+00A7 '§'");
});

test("formatToken shows tokens the way Go's error messages do", () => {
    const token = (type: Token["type"], val: string): Token => ({ type, pos: 0, val, line: 1 });
    assert.equal(formatToken(token("eof", "")), "EOF");
    assert.equal(formatToken(token("end", "end")), "<end>");
    assert.equal(formatToken(token("dot", ".")), "<.>");
    assert.equal(formatToken(token("char", "}")), '"}"');
    assert.equal(formatToken(token("text", "0123456789abc")), '"0123456789"...');
    assert.equal(formatToken(token("error", "unclosed action")), "unclosed action");
});
