import { test } from "node:test";
import assert from "node:assert/strict";
import { parseModelfile } from "./parseModelfile.js";
import { ModelfileError } from "./ModelfileError.js";
import { InvalidParameterError } from "./InvalidParameterError.js";

const parse = (...lines: string[]) => parseModelfile(lines.join("\n"));

function fails(lines: string[], line: number, message: string): ModelfileError {
    let caught: ModelfileError | undefined;
    assert.throws(
        () => parseModelfile(lines.join("\n")),
        (err: unknown) => {
            assert.ok(err instanceof ModelfileError, String(err));
            assert.equal(err.message, message);
            assert.equal(err.line, line);
            caught = err;
            return true;
        }
    );
    return caught!;
}

test("every instruction becomes an Ollama-style command", () => {
    const modelfile = parse(
        "FROM llama3.2:latest",
        "PARAMETER temperature 0.7",
        "TEMPLATE {{ .Prompt }}",
        "SYSTEM You are Mario.",
        "ADAPTER ./lora.gguf",
        "LICENSE MIT",
        "LICENSE Apache-2.0",
        "MESSAGE user Is Toronto in Canada?",
        "MESSAGE assistant yes",
        "REQUIRES 0.14.0",
        "DRAFT ./draft.gguf",
        "RENDERER qwen3-coder",
        "PARSER harmony"
    );
    assert.deepEqual(modelfile, {
        commands: [
            { name: "model", args: "llama3.2:latest", line: 1 },
            { name: "temperature", args: "0.7", line: 2 },
            { name: "template", args: "{{ .Prompt }}", line: 3 },
            { name: "system", args: "You are Mario.", line: 4 },
            { name: "adapter", args: "./lora.gguf", line: 5 },
            { name: "license", args: "MIT", line: 6 },
            { name: "license", args: "Apache-2.0", line: 7 },
            { name: "message", args: "user: Is Toronto in Canada?", line: 8 },
            { name: "message", args: "assistant: yes", line: 9 },
            { name: "requires", args: "0.14.0", line: 10 },
            { name: "draft", args: "./draft.gguf", line: 11 },
            { name: "renderer", args: "qwen3-coder", line: 12 },
            { name: "parser", args: "harmony", line: 13 }
        ],
        warnings: []
    });
});

test("instructions, parameter names and message roles are case-insensitive; any order", () => {
    const { commands } = parse("system hi", "Parameter NUM_CTX 2048", "from  qwen", "message USER hello", "Template x");
    assert.deepEqual(commands, [
        { name: "system", args: "hi", line: 1 },
        { name: "num_ctx", args: "2048", line: 2 },
        { name: "model", args: "qwen", line: 3 },
        { name: "message", args: "user: hello", line: 4 },
        { name: "template", args: "x", line: 5 }
    ]);
});

test("comments and blank lines are skipped but counted", () => {
    const { commands } = parse("# a comment", "", "   # indented comment", "\t", "FROM x", "  SYSTEM   spaced out  ", "#FROM y");
    assert.deepEqual(commands, [
        { name: "model", args: "x", line: 5 },
        { name: "system", args: "spaced out", line: 6 }
    ]);
});

test("stop accumulates in order", () => {
    const { commands } = parse("FROM x", "PARAMETER stop <|im_start|>", 'PARAMETER stop "<|im_end|>"', "PARAMETER stop </s>");
    assert.deepEqual(commands.slice(1), [
        { name: "stop", args: "<|im_start|>", line: 2 },
        { name: "stop", args: "<|im_end|>", line: 3 },
        { name: "stop", args: "</s>", line: 4 }
    ]);
});

test('"""…""" blocks: starting on the instruction line, spanning lines, kept verbatim', () => {
    const { commands } = parse(
        "FROM x",
        'TEMPLATE """{{ if .System }}<|system|>',
        "  {{ .System }}  ",
        "",
        "# not a comment in here",
        '{{ end }}{{ .Prompt }}"""',
        'SYSTEM """',
        'He said "hi".',
        '"""',
        'LICENSE """one line"""',
        'PARAMETER stop """',
        '"""',
        'MESSAGE user """multi',
        'line"""   ',
        'SYSTEM """say "hi""""',
        'SYSTEM """ padded """',
        'SYSTEM """"""',
        'SYSTEM """a """ b"""'
    );
    assert.deepEqual(commands.slice(1), [
        {
            name: "template",
            args: "{{ if .System }}<|system|>\n  {{ .System }}  \n\n# not a comment in here\n{{ end }}{{ .Prompt }}",
            line: 2
        },
        { name: "system", args: '\nHe said "hi".\n', line: 7 },
        { name: "license", args: "one line", line: 10 },
        { name: "stop", args: "\n", line: 11 },
        { name: "message", args: "user: multi\nline", line: 13 },
        { name: "system", args: 'say "hi"', line: 15 },
        { name: "system", args: " padded ", line: 16 },
        { name: "system", args: "", line: 17 },
        { name: "system", args: 'a """ b', line: 18 }
    ]);
});

test('trailing spaces after an opening """ are content', () => {
    const { commands } = parseModelfile('FROM x\nTEMPLATE """a  \nb"""');
    assert.deepEqual(commands[1], { name: "template", args: "a  \nb", line: 2 });
});

test('"…" single-line values keep spaces and allow \\" escapes', () => {
    const { commands } = parse(
        "FROM x",
        'SYSTEM "You are a helpful assistant."',
        'SYSTEM "  padded  "',
        'SYSTEM "say \\"hi\\" to C:\\dir"',
        'SYSTEM ""',
        'MESSAGE assistant "Yes, it is."   '
    );
    assert.deepEqual(
        commands.slice(1).map((c) => c.args),
        ["You are a helpful assistant.", "  padded  ", 'say "hi" to C:\\dir', "", "assistant: Yes, it is."]
    );
});

test("CRLF line endings and a UTF-8 BOM are accepted", () => {
    const { commands } = parseModelfile('\uFEFFFROM x\r\n# c\r\nTEMPLATE """a\r\nb"""\r\nPARAMETER stop y\r\n');
    assert.deepEqual(commands, [
        { name: "model", args: "x", line: 1 },
        { name: "template", args: "a\nb", line: 3 },
        { name: "stop", args: "y", line: 5 }
    ]);
});

test("deprecated parameters are dropped with a warning naming the line", () => {
    const modelfile = parse("FROM x", "PARAMETER mirostat 2", "PARAMETER num_ctx 4096", "PARAMETER penalize_newline whatever");
    assert.deepEqual(modelfile, {
        commands: [
            { name: "model", args: "x", line: 1 },
            { name: "num_ctx", args: "4096", line: 3 }
        ],
        warnings: [
            "line 2: parameter 'mirostat' is deprecated and ignored",
            "line 4: parameter 'penalize_newline' is deprecated and ignored"
        ]
    });
});

test("REQUIRES accepts semver with optional v, pre-release and Go's shorthands", () => {
    for (const v of ["0.14.0", "v0.14.0", "1.2.3-rc.1+build.5", "v1", "0.14"]) {
        assert.equal(parse("FROM x", `REQUIRES ${v}`).commands[1]?.args, v);
    }
});

test("unknown instruction", () => {
    fails(
        ["FROM x", "", "FOO bar"],
        3,
        'line 3: unknown instruction "FOO": expected one of FROM, PARAMETER, TEMPLATE, SYSTEM, ADAPTER, LICENSE, MESSAGE, REQUIRES'
    );
    fails(
        ["FROM x", "Parameters num_ctx 1"],
        2,
        'line 2: unknown instruction "Parameters": expected one of FROM, PARAMETER, TEMPLATE, SYSTEM, ADAPTER, LICENSE, MESSAGE, REQUIRES'
    );
});

test("parameter errors carry the line number and the cause", () => {
    const err = fails(["FROM x", "# c", "", "PARAMETER foo 1"], 4, "line 4: unknown parameter 'foo'");
    assert.equal(err.cause, undefined);
    const bad = fails(["FROM x", "PARAMETER num_ctx abc"], 2, `line 2: parameter 'num_ctx' must be an integer but got "abc"`);
    assert.ok(bad.cause instanceof InvalidParameterError);
    fails(["FROM x", "PARAMETER temperature warm"], 2, `line 2: parameter 'temperature' must be a number but got "warm"`);
    fails(["FROM x", "PARAMETER use_mmap yes"], 2, `line 2: parameter 'use_mmap' must be a boolean but got "yes"`);
    fails(["FROM x", 'PARAMETER num_ctx "40 96"'], 2, `line 2: parameter 'num_ctx' must be an integer but got "40 96"`);
    fails(["FROM x", "PARAMETER"], 2, "line 2: missing name for PARAMETER");
    fails(["FROM x", "PARAMETER num_ctx   "], 2, "line 2: missing value for PARAMETER num_ctx");
});

test("bad message role, missing role or content", () => {
    fails(["FROM x", "MESSAGE bot hi"], 2, 'line 2: message role must be one of "system", "user", "assistant" or "tool" but got "bot"');
    fails(["FROM x", "MESSAGE"], 2, "line 2: missing role for MESSAGE");
    fails(["FROM x", "MESSAGE tool"], 2, "line 2: missing content for MESSAGE tool");
});

test("missing value", () => {
    fails(["FROM"], 1, "line 1: missing value for FROM");
    fails(["FROM x", "system   "], 2, "line 2: missing value for SYSTEM");
});

test("unterminated strings are reported where they started", () => {
    fails(["FROM x", 'TEMPLATE """{{ .Prompt }}', "more", "# end"], 2, 'line 2: unterminated """ string in TEMPLATE');
    fails(["FROM x", 'SYSTEM """"'], 2, 'line 2: unterminated """ string in SYSTEM');
    fails(["FROM x", 'PARAMETER stop """', "x"], 2, 'line 2: unterminated """ string in PARAMETER stop');
    fails(["FROM x", 'SYSTEM "hello', 'world"'], 2, 'line 2: unterminated " string in SYSTEM');
    fails(["FROM x", 'SYSTEM "ends with \\"'], 2, 'line 2: unterminated " string in SYSTEM');
    fails(["FROM x", 'MESSAGE user "hi'], 2, 'line 2: unterminated " string in MESSAGE user');
    fails(["FROM x", 'SYSTEM "Bob" is your name'], 2, 'line 2: unexpected text after closing " in SYSTEM');
});

test("exactly one FROM, at most one ADAPTER", () => {
    fails(["# nothing", "SYSTEM hi"], 0, "no FROM line");
    fails([""], 0, "no FROM line");
    fails(["FROM a", "SYSTEM s", "FROM b"], 3, "line 3: FROM given more than once");
    fails(["FROM a", "ADAPTER one.gguf", "ADAPTER two.gguf"], 3, "line 3: only one ADAPTER is supported");
});

test("bad REQUIRES", () => {
    fails(["FROM x", "REQUIRES latest"], 2, 'line 2: REQUIRES must be a valid semver (e.g. 0.14.0) but got "latest"');
    fails(["FROM x", "REQUIRES 0.14.0.1"], 2, 'line 2: REQUIRES must be a valid semver (e.g. 0.14.0) but got "0.14.0.1"');
    fails(["FROM x", "REQUIRES 01.2.3"], 2, 'line 2: REQUIRES must be a valid semver (e.g. 0.14.0) but got "01.2.3"');
});
