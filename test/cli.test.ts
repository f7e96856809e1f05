/**
 * The `kettle` command end to end: real processes, a real temp store, the real test models.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKettle } from "../testing/startKettle.js";
import { brokenModels, testModels } from "../testing/testModels.js";

const bin = fileURLToPath(new URL("../../bin/kettle.js", import.meta.url));

type Run = { status: number | null; stdout: string; stderr: string };

function workspace() {
    const dir = mkdtempSync(join(tmpdir(), "kettle-cli-"));
    const store = join(dir, "models");
    const kettle = (args: string[], env: Record<string, string> = {}): Run => {
        const result = spawnSync(process.execPath, [bin, ...args], {
            cwd: dir,
            encoding: "utf8",
            // An explicit environment: the developer's own OLLAMA_* settings must not leak in.
            // No server listens on port 9, so these commands work on the store in process.
            env: { PATH: process.env.PATH ?? "", HOME: dir, KETTLE_MODELS: store, KETTLE_HOST: "127.0.0.1:9", ...env }
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const modelfile = (text: string, name = "Modelfile") => {
        writeFileSync(join(dir, name), text);
        return name;
    };
    const blobs = () => (existsSync(join(store, "blobs")) ? readdirSync(join(store, "blobs")) : []);
    return { dir, store, kettle, modelfile, blobs };
}

function ok(run: Run): Run {
    assert.equal(run.status, 0, `exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    return run;
}

/** A one-line `Error: …` on stderr and exit code 1. */
function fails(run: Run, message: RegExp): void {
    assert.equal(run.status, 1, `expected failure, got exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    const lines = run.stderr.trimEnd().split("\n");
    const errorLine = lines.at(-1)!;
    assert.match(errorLine, /^Error: /, run.stderr);
    assert.match(errorLine, message);
}

test("--version and help", () => {
    const { kettle } = workspace();
    assert.match(ok(kettle(["--version"])).stdout, /^kettle version is \d+\.\d+\.\d+\n$/);
    const help = ok(kettle(["help"])).stdout;
    for (const command of ["create", "show", "list|ls", "cp", "rm"]) assert.match(help, new RegExp(`\\b${command.replace("|", "\\|")}\\b`));
});

test("create → list → show → cp → rm round trip", () => {
    const { dir, kettle, modelfile, blobs } = workspace();
    copyFileSync(testModels.chatml, join(dir, "story.gguf"));
    modelfile(
        [
            "# a story teller",
            "FROM ./story.gguf",
            "PARAMETER temperature 0.7",
            'PARAMETER stop "<|im_end|>"',
            "PARAMETER stop <|im_start|>",
            'SYSTEM """You tell short stories.',
            'Always happy ones."""',
            "LICENSE MIT",
            "LICENSE Second license",
            "MESSAGE user Tell me a story",
            "MESSAGE assistant Once upon a time"
        ].join("\n")
    );

    const created = ok(kettle(["create", "story", "-f", "Modelfile"]));
    assert.match(created.stderr, /^gathering model components$/m);
    assert.match(created.stderr, /^parsing GGUF$/m);
    assert.match(created.stderr, /^creating new layer sha256:[0-9a-f]{64}$/m);
    assert.match(created.stderr, /^writing manifest$/m);
    assert.match(created.stderr, /success\n$/);

    const listed = ok(kettle(["list"])).stdout.split("\n");
    assert.match(listed[0]!, /^NAME\s{4,}ID\s{4,}SIZE\s{4,}MODIFIED$/);
    assert.match(listed[1]!, /^story:latest {4}[0-9a-f]{12} {4}1\.2 MB {4}(Less than a second|\d+ seconds?) ago$/);
    assert.equal(listed.length, 3);
    assert.equal(ok(kettle(["ls", "STO"])).stdout.split("\n").length, 3, "the prefix filter ignores case");
    assert.equal(ok(kettle(["ls", "nothing"])).stdout.split("\n").length, 2, "only the header");

    const json = JSON.parse(ok(kettle(["list", "--json"])).stdout);
    assert.equal(json.models.length, 1);
    assert.deepEqual(json.models[0].details, {
        parent_model: "",
        format: "gguf",
        family: "llama",
        families: ["llama"],
        parameter_size: "293K",
        quantization_level: "F32"
    });
    assert.equal(json.models[0].name, "story:latest");
    assert.match(json.models[0].digest, /^[0-9a-f]{64}$/);

    const shown = ok(kettle(["show", "story"])).stdout;
    assert.match(
        shown,
        /^ {2}Model\n {4}architecture {4,}llama\n {4}parameters {4,}293K\n {4}context length {4,}2048\n {4}embedding length {4,}64\n {4}quantization {4,}F32\n\n/
    );
    assert.match(shown, / {2}Capabilities\n {4}completion\n\n/);
    assert.match(shown, / {2}Parameters\n(.*\n)* {4}temperature {4,}0\.7\n/);
    assert.match(shown, / {4}stop {4,}"<\|im_end\|>"\n/);
    assert.match(shown, / {2}System\n {4}You tell short stories\.\n {4}Always happy ones\.\n/);
    assert.match(shown, / {2}License\n {4}MIT\n {4}Second license\n/);

    const modelfileText = ok(kettle(["show", "story", "--modelfile"])).stdout;
    assert.match(modelfileText, /^# Modelfile generated by "kettle show"\n/);
    assert.match(modelfileText, /^# FROM story:latest$/m);
    assert.match(modelfileText, /^FROM .*blobs\/sha256-5b3d2175cb74f0e41ef5d5fce5563a48bbeaced7fee780e55767f85bfa5b9e07$/m);
    assert.match(modelfileText, /^PARAMETER stop <\|im_end\|>$/m);
    assert.match(modelfileText, /^MESSAGE user "Tell me a story"$/m);
    assert.match(modelfileText, /^SYSTEM """You tell short stories\.\nAlways happy ones\."""$/m);
    assert.match(
        ok(kettle(["show", "story", "--parameters"])).stdout,
        /^stop {27}"<\|im_end\|>"\nstop {27}"<\|im_start\|>"\ntemperature {20}0\.7\n$/
    );
    assert.match(ok(kettle(["show", "story", "--template"])).stdout, /<\|im_start\|>/, "the GGUF's own chat template");
    assert.equal(ok(kettle(["show", "story", "--system"])).stdout, "You tell short stories.\nAlways happy ones.\n");
    assert.equal(ok(kettle(["show", "story", "--license"])).stdout, "MIT\nSecond license\n");
    const verbose = ok(kettle(["show", "story", "-v"])).stdout;
    assert.match(verbose, / {2}Metadata\n(.*\n)* {4}llama\.block_count {4,}5\n/);
    assert.match(verbose, / {2}Tensors\n {4}token_embd\.weight {4,}F32 {4,}\[64 512\]\n/);
    fails(
        kettle(["show", "story", "--license", "--system"]),
        /only one of '--license', '--modelfile', '--parameters', '--system', or '--template' can be specified/
    );

    const blobsBefore = blobs().length;
    ok(kettle(["cp", "story", "me/story-copy:v1"]));
    const both = JSON.parse(ok(kettle(["list", "--json"])).stdout).models;
    assert.deepEqual(both.map((m: { name: string }) => m.name).sort(), ["me/story-copy:v1", "story:latest"]);
    assert.equal(both[0].digest, both[1].digest, "a copy has the same ID");
    assert.equal(blobs().length, blobsBefore, "a copy adds no blobs");

    assert.equal(ok(kettle(["rm", "story"])).stdout, "deleted 'story'\n");
    assert.equal(blobs().length, blobsBefore, "the copy still needs every blob");
    ok(kettle(["show", "me/story-copy:v1"]));
    ok(kettle(["rm", "me/story-copy:v1"]));
    assert.deepEqual(blobs(), []);
    fails(kettle(["rm", "story"]), /model 'story:latest' not found/);
});

test("identical content is stored once, and rm keeps what another model needs", () => {
    const { kettle, modelfile, blobs } = workspace();
    modelfile(`FROM ${testModels.plain}\nSYSTEM one`, "One");
    modelfile(`FROM ${testModels.plain}\nSYSTEM two`, "Two");
    ok(kettle(["create", "one", "-f", "One"]));
    const second = ok(kettle(["create", "two", "-f", "Two"]));
    assert.doesNotMatch(second.stderr, /copying file/, "the GGUF is already in the store, so it is not uploaded again");
    // one copy of the weights, two system prompts, two configs
    assert.equal(blobs().length, 5);
    ok(kettle(["rm", "one"]));
    assert.equal(blobs().length, 3, "the weights stay for 'two'");
    assert.match(ok(kettle(["show", "two", "--system"])).stdout, /^two\n$/);
});

test("FROM an existing model inherits its layers and merges parameters", () => {
    const { kettle, modelfile } = workspace();
    modelfile(`FROM ${testModels.plain}\nPARAMETER temperature 0.5\nPARAMETER num_ctx 512\nSYSTEM base`, "Base");
    ok(kettle(["create", "base", "-f", "Base"]));
    modelfile("FROM base\nPARAMETER temperature 0.9\nTEMPLATE {{ .Prompt }}", "Child");
    ok(kettle(["create", "child", "-f", "Child"]));
    assert.equal(ok(kettle(["show", "child", "--parameters"])).stdout, `num_ctx${" ".repeat(24)}512\ntemperature${" ".repeat(20)}0.9\n`);
    assert.equal(ok(kettle(["show", "child", "--system"])).stdout, "base\n");
    assert.equal(ok(kettle(["show", "child", "--template"])).stdout, "{{ .Prompt }}\n");
});

test("kettle run with no server running starts one for the session", () => {
    const { kettle, modelfile } = workspace();
    modelfile(`FROM ${testModels.plain}`);
    ok(kettle(["create", "story"]));
    const run = ok(kettle(["run", "story", "Once upon a time", "--temperature", "0", "--num-predict", "12"]));
    assert.ok(run.stdout.startsWith(", there was a little girl named Lily"), run.stdout);
    assert.match(run.stderr, /no server at 127\.0\.0\.1:9; running one for this session/);
    fails(kettle(["ps"]), /could not connect to a Kettle server at http:\/\/127\.0\.0\.1:9: start one with `kettle serve`/);
});

test("an embedding model shows the embedding capability", () => {
    const { kettle, modelfile } = workspace();
    modelfile(`FROM ${testModels.embed}`);
    ok(kettle(["create", "embedder"]));
    assert.match(ok(kettle(["show", "embedder"])).stdout, / {2}Capabilities\n {4}embedding\n\n/);
});

test("bad input: one-line errors, non-zero exit, nothing half-written", () => {
    const { dir, store, kettle, modelfile } = workspace();
    const manifests = () => (existsSync(join(store, "manifests")) ? readdirSync(join(store, "manifests"), { recursive: true }).length : 0);

    modelfile(`FROM ${testModels.plain}\nPARAMETR temperature 1`);
    fails(kettle(["create", "m"]), /Modelfile: line 2: unknown instruction "PARAMETR"/);
    modelfile(`FROM ${testModels.plain}\nPARAMETER temprature 1`);
    fails(kettle(["create", "m"]), /line 2: unknown parameter 'temprature'/);
    modelfile(`FROM ${testModels.plain}\nPARAMETER num_ctx lots`);
    fails(kettle(["create", "m"]), /line 2: parameter 'num_ctx' must be an integer/);
    modelfile('FROM ./x.gguf\nTEMPLATE """never closed');
    fails(kettle(["create", "m"]), /line 2: unterminated """/);
    modelfile("SYSTEM hi");
    fails(kettle(["create", "m"]), /no FROM line/);
    modelfile("FROM ./missing.gguf");
    fails(kettle(["create", "m"]), new RegExp(`line 1: FROM file ./missing.gguf not found \\(looked for ${join(dir, "missing.gguf")}\\)`));
    modelfile("FROM not-in-the-store");
    // Not in the store: create pulls it, as Ollama does; the registry lacks it (or cannot be reached, offline).
    fails(kettle(["create", "m"]), /model 'not-in-the-store:latest' (not found|is not in the store and cannot be pulled: cannot reach)/);
    fails(kettle(["create", "m", "-f", "NoSuchFile"]), /no Modelfile at .*NoSuchFile/);

    const broken = brokenModels();
    for (const [file, reason] of [
        [broken.truncatedData, /truncated: tensor/],
        [broken.truncatedHeader, /truncated: the header/],
        [broken.wrongMagic, /wrong magic number/]
    ] as const) {
        modelfile(`FROM ${file}`);
        fails(kettle(["create", "m"]), reason);
    }

    modelfile(`FROM ${testModels.plain}`);
    for (const [name, reason] of [
        ["../x", /namespace must start with/],
        ["a/b/c/d/e", /host contains the character "\/"/],
        ["", /(model|source) is required/],
        ["x".repeat(81), /longer than 80/],
        ["bad name!", /contains the character " "/]
    ] as const) {
        fails(kettle(["create", name]), reason);
        fails(kettle(["show", name]), reason);
        fails(kettle(["cp", name, "ok"]), reason);
    }
    assert.equal(manifests(), 0, "no failed create wrote a manifest");
    ok(kettle(["create", "good"]));
    fails(kettle(["cp", "good", "../escape"]), /invalid model name "..\/escape"/);
    fails(kettle(["rm", "good", "missing", "good"]), /model 'missing:latest' not found/);
    assert.equal(JSON.parse(ok(kettle(["list", "--json"])).stdout).models.length, 0, "rm stopped after deleting 'good'");

    const file = join(dir, "a-file");
    writeFileSync(file, "");
    fails(
        kettle(["create", "m"], { KETTLE_MODELS: join(file, "models") }),
        /cannot (write|read) .*a-file\/models.* in the model store: a path component is not a directory/
    );
});

test("a store laid out by Ollama (OLLAMA_MODELS) is listed and shown", () => {
    const { dir, kettle } = workspace();
    // Written by hand exactly as `ollama pull` leaves it: blobs named sha256-<hex>, a schema-2 manifest
    // with Ollama's media types, Go-template and params layers, and Ollama's ConfigV2 JSON.
    const root = join(dir, "ollama-models");
    mkdirSync(join(root, "blobs"), { recursive: true });
    const blob = (content: Buffer | string, mediaType: string) => {
        const digest = `sha256:${createHash("sha256").update(content).digest("hex")}`;
        writeFileSync(join(root, "blobs", digest.replace(":", "-")), content);
        return { mediaType, digest, size: Buffer.byteLength(content) };
    };
    const layers = [
        blob(readFileSync(testModels.plain), "application/vnd.ollama.image.model"),
        blob("{{ if .System }}<|system|>{{ .System }}{{ end }}<|user|>{{ .Prompt }}", "application/vnd.ollama.image.template"),
        blob('{"stop":["<|user|>"],"temperature":0.2}', "application/vnd.ollama.image.params")
    ];
    const config = blob(
        JSON.stringify({
            model_format: "gguf",
            model_family: "llama",
            model_families: ["llama"],
            model_type: "292.80K",
            file_type: "F32",
            architecture: "amd64",
            os: "linux",
            rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) }
        }),
        "application/vnd.docker.container.image.v1+json"
    );
    const manifest = { schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json", config, layers };
    mkdirSync(join(root, "manifests/registry.ollama.ai/library/tinystories"), { recursive: true });
    writeFileSync(join(root, "manifests/registry.ollama.ai/library/tinystories/260k"), JSON.stringify(manifest));

    const env = { KETTLE_MODELS: "", OLLAMA_MODELS: root };
    const listed = ok(kettle(["list"], env)).stdout;
    const id = createHash("sha256").update(JSON.stringify(manifest)).digest("hex").slice(0, 12);
    assert.match(listed, new RegExp(`^tinystories:260k {4}${id} {4}1\\.2 MB {4}`, "m"));
    const shown = ok(kettle(["show", "TinyStories:260K"], env)).stdout;
    assert.match(shown, /parameters {4,}292\.80K\n/);
    assert.match(shown, / {4}stop {4,}"<\|user\|>"\n/);
    assert.equal(
        ok(kettle(["show", "tinystories:260k", "--template"], env)).stdout,
        "{{ if .System }}<|system|>{{ .System }}{{ end }}<|user|>{{ .Prompt }}\n"
    );
    assert.equal(readdirSync(join(root, "blobs")).length, 4, "nothing was pruned or added");
});

test("kettle ps against a server: Ollama's six columns, Kettle's four, Forever for keep_alive -1", async () => {
    const server = await startKettle();
    try {
        await server.createModel("story", testModels.plain);
        const generate = (body: Record<string, unknown>) =>
            fetch(`${server.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "story", stream: false, ...body }) }).then(
                (r) => r.json()
            );
        const ps = (args: string[] = []) => {
            const result = spawnSync(process.execPath, [bin, "ps", ...args], { env: server.env, encoding: "utf8" });
            return ok({ status: result.status, stdout: result.stdout, stderr: result.stderr }).stdout;
        };
        // Kettle's columns print a value or "-", depending on whether this server reports them.
        const kettleCells = String.raw` {4}\S+ +(\d+|-) +(\d+/\d+|-) +(\d+|-)`;

        await generate({ prompt: "", keep_alive: "10m" });
        const [header, row, ...rest] = ps().split("\n");
        assert.equal(header!.split(/ {4,}/).join(" "), "NAME ID SIZE PROCESSOR CONTEXT UNTIL LANE REPLICAS SLOTS QUEUE");
        assert.match(
            row!,
            new RegExp(
                String.raw`^story:latest {4}[0-9a-f]{12} {4}[\d.]+ [KMG]B +100% CPU +\d+ +(9|10) minutes from now` + kettleCells + "$"
            )
        );
        assert.deepEqual(rest, [""]);
        assert.equal(ps(["-q"]), "story:latest\n");
        const json = JSON.parse(ps(["--json", "sto"])) as { models: { name: string; size_vram: number }[] };
        assert.deepEqual(
            json.models.map((m) => [m.name, m.size_vram]),
            [["story:latest", 0]]
        );
        assert.equal(ps(["-q", "other"]), "");

        await generate({ prompt: "Once", keep_alive: -1, options: { num_predict: 2 } });
        assert.match(ps(), new RegExp(String.raw`^story:latest {4}.* +100% CPU +\d+ +Forever` + kettleCells + "$", "m"));
    } finally {
        await server.stop();
    }
});
