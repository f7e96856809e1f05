/**
 * @module kettle
 * The `kettle` command. Subcommands and their flags mirror Ollama's CLI. Each command's module (and
 * with it the store and node-llama-cpp) is imported only when that command runs, which keeps
 * `kettle --version` and `kettle help` fast.
 */
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import type { BatchClient } from "./client/BatchClient.js";
import type { KettleClient, ServingClient } from "./client/KettleClient.js";
import { envHelp } from "./envHelp.js";
import { reportError } from "./reportError.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("kettle")
    .description("Kettle: run GGUF models locally, manage them like images, serve them over Ollama's API")
    .version(`kettle version is ${version}`, "-v, --version", "show the version")
    .option("--config <file>", "read this kettle.toml (default: ./kettle.toml, or KETTLE_CONFIG)")
    // Program options go before the command, so `show -v` means verbose, not --version.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

const configFile = () => program.opts<{ config?: string }>().config;

/** Runs a command against the server, or the store in process when no server runs; loads both lazily. */
function withClient<A extends unknown[]>(run: (client: KettleClient, ...args: A) => Promise<void>) {
    return async (...args: A) => {
        const { openClient, readCliConfig } = await import("./client/openClient.js");
        await run(await openClient(readCliConfig(configFile())), ...args);
    };
}

/** Runs a command that needs a running server. */
function withServer<A extends unknown[]>(run: (client: ServingClient, ...args: A) => Promise<void>) {
    return async (...args: A) => {
        const { requireServer, readCliConfig } = await import("./client/openClient.js");
        await run(await requireServer(readCliConfig(configFile())), ...args);
    };
}

program
    .command("serve")
    .alias("start")
    .description("Start the Kettle server")
    .option("--host <host[:port]>", "address to listen on (default 127.0.0.1:11434; env KETTLE_HOST, OLLAMA_HOST)")
    .option("--routes", "print the route table and exit")
    .option("--functions <dir...>", "also serve the functions in these folders (.ts, .js handler files)")
    .addHelpText("after", () => `\nEnvironment variables:\n${envHelp()}`)
    .action(async (options: { host?: string; routes?: boolean; functions?: string[] }) => {
        const { serve } = await import("./commands/serve.js");
        await serve({ ...options, configFile: configFile() });
    });

program
    .command("dev")
    .description("Serve your functions and reload them on every change, keeping models warm")
    .option("--host <host[:port]>", "address to listen on (default 127.0.0.1:11434; env KETTLE_HOST, OLLAMA_HOST)")
    .option("--functions <dir...>", "also serve the functions in these folders (.ts, .js handler files)")
    .action(async (options: { host?: string; functions?: string[] }) => {
        const { dev } = await import("./commands/dev.js");
        await dev({ ...options, configFile: configFile() });
    });

program
    .command("run")
    .description("Run a model: answer PROMPT, or chat interactively")
    .argument("<model>", "name of the model")
    .argument("[prompt...]", "prompt to answer (stdin is read too when piped)")
    .option("--keepalive <duration>", "how long to keep the model loaded (e.g. 5m)")
    .option("--verbose", "show timings for the response")
    .option("--format <format>", "response format (json)")
    .option("--nowordwrap", "accepted for compatibility; output is never wrapped")
    .option("--insecure", "pull from an insecure registry (plain http) when the model is missing")
    .option("--temperature <n>", "sampling temperature", parseFloat)
    .option("--top-p <n>", "nucleus sampling threshold", parseFloat)
    .option("--top-k <n>", "sample from the k most likely tokens", parseInteger)
    .option("--min-p <n>", "minimum token probability relative to the best", parseFloat)
    .option("--repeat-penalty <n>", "penalty for repeated tokens", parseFloat)
    .option("--seed <n>", "random seed", parseInteger)
    .option("--num-ctx <n>", "context window in tokens", parseInteger)
    .option("--num-predict <n>", "most tokens to generate", parseInteger)
    .action(async (model: string, prompt: string[], options: Record<string, unknown>) => {
        const { run } = await import("./commands/run.js");
        await run(model, prompt, options, configFile());
    });

program
    .command("ps")
    .description("List running models")
    .argument("[prefix]", "only models whose name starts with this")
    .option("-q, --quiet", "print only the names")
    .option("--json", "print the models as JSON (the /api/ps body)")
    .action(
        withServer(async (client, prefix: string | undefined, options: { quiet?: boolean; json?: boolean }) => {
            const { ps } = await import("./commands/ps.js");
            await ps(client, prefix, options);
        })
    );

program
    .command("stop")
    .description("Stop a running model")
    .argument("<model>", "name of the model")
    .action(
        withServer(async (client, model: string) => {
            const { stop } = await import("./commands/stop.js");
            await stop(client, model);
        })
    );

program
    .command("create")
    .description("Create a model from a Modelfile")
    .argument("<model>", "name of the model to create")
    .option("-f, --file <path>", "name of the Modelfile", "Modelfile")
    .option("-q, --quantize <type>", "quantize the model to this level (e.g. q4_K_M)")
    .action(
        withClient(async (client, model: string, options: { file: string; quantize?: string }) => {
            const { create } = await import("./commands/create.js");
            await create(client, model, options);
        })
    );

program
    .command("show")
    .description("Show information for a model")
    .argument("<model>", "name of the model")
    .option("--license", "show the license of the model")
    .option("--modelfile", "show the Modelfile of the model")
    .option("--parameters", "show the parameters of the model")
    .option("--template", "show the template of the model")
    .option("--system", "show the system message of the model")
    .option("-v, --verbose", "show detailed model information")
    .action(
        withClient(async (client, model: string, options: Record<string, boolean>) => {
            const { show } = await import("./commands/show.js");
            await show(client, model, options);
        })
    );

program
    .command("list")
    .alias("ls")
    .description("List models")
    .argument("[prefix]", "only models whose name starts with this")
    .option("--json", "print the list as JSON (the /api/tags body)")
    .action(
        withClient(async (client, prefix: string | undefined, options: { json?: boolean }) => {
            const { list } = await import("./commands/list.js");
            await list(client, prefix, options);
        })
    );

program
    .command("pull")
    .description("Pull a model from a registry, or a GGUF from a URL")
    .argument("<model>", "name of the model (llama3.2, hf.co/user/repo:Q4_K_M, host:5000/ns/model:tag) or https://…/model.gguf")
    .option("--insecure", "use an insecure registry (plain http)")
    .action(
        withClient(async (client, model: string, options: { insecure?: boolean }) => {
            const { pull } = await import("./commands/pull.js");
            await pull(client, model, options);
        })
    );

program
    .command("push")
    .description("Push a model to a registry")
    .argument("<model>", "name of the model (host/namespace/model:tag)")
    .option("--insecure", "use an insecure registry (plain http)")
    .action(
        withClient(async (client, model: string, options: { insecure?: boolean }) => {
            const { push } = await import("./commands/pull.js");
            await push(client, model, options);
        })
    );

program
    .command("cp")
    .description("Copy a model")
    .argument("<source>", "model to copy")
    .argument("<destination>", "name of the copy")
    .action(
        withClient(async (client, source: string, destination: string) => {
            const { copy } = await import("./commands/copy.js");
            await copy(client, source, destination);
        })
    );

const batch = program.command("batch").description("Batch jobs: OpenAI's Batch API on a server, or a batch run in process");

/** Runs a batch command against the running server's Files and Batches endpoints. */
function withBatches<A extends unknown[]>(run: (client: BatchClient, ...args: A) => Promise<void>) {
    return async (...args: A) => {
        const { requireServer, readCliConfig } = await import("./client/openClient.js");
        const { BatchClient } = await import("./client/BatchClient.js");
        const server = await requireServer(readCliConfig(configFile()));
        await run(new BatchClient(server.url), ...args);
    };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

batch
    .command("create")
    .description("Upload FILE (JSON Lines) and create a batch of it; prints the batch's id")
    .argument("<file>", "input file: one request per line")
    .option("--endpoint <path>", "endpoint the lines call (default: the first line's url)")
    .option("--metadata <key=value>", "metadata of the batch (repeatable)", collect)
    .action(
        withBatches(async (client, file: string, options: { endpoint?: string; metadata?: string[] }) => {
            const { batchCreate } = await import("./commands/batch.js");
            await batchCreate(client, file, options);
        })
    );

batch
    .command("ls")
    .alias("list")
    .description("List batches, newest first")
    .option("--json", "print the Batch objects as JSON")
    .action(
        withBatches(async (client, options: { json?: boolean }) => {
            const { batchList } = await import("./commands/batch.js");
            await batchList(client, options);
        })
    );

batch
    .command("show")
    .description("Show a batch; on a terminal, follow it with a live bar until it ends")
    .argument("<id>", "batch id")
    .option("--json", "print the Batch object as JSON")
    .action(
        withBatches(async (client, id: string, options: { json?: boolean }) => {
            const { batchShow } = await import("./commands/batch.js");
            await batchShow(client, id, options);
        })
    );

batch
    .command("cancel")
    .description("Cancel a batch: lines in flight stop, completed ones are kept")
    .argument("<id>", "batch id")
    .action(
        withBatches(async (client, id: string) => {
            const { batchCancel } = await import("./commands/batch.js");
            await batchCancel(client, id);
        })
    );

batch
    .command("results")
    .description("Print (or save) a batch's output file, or with --errors its error file")
    .argument("<id>", "batch id")
    .option("-o, --output <file>", "write to this file instead of stdout")
    .option("--errors", "the error file instead of the output file")
    .action(
        withBatches(async (client, id: string, options: { output?: string; errors?: boolean }) => {
            const { batchResults } = await import("./commands/batch.js");
            await batchResults(client, id, options);
        })
    );

batch
    .command("run")
    .description("Run a batch in this process, without a server; Ctrl-C keeps what is done and the same command resumes")
    .argument("<input>", "input file: one request per line")
    .requiredOption("-o, --output <file>", "where the results go (failures go to its .errors.jsonl sibling)")
    .option("--endpoint <path>", "endpoint the lines call (default: the first line's url)")
    .action(async (input: string, options: { output: string; endpoint?: string }) => {
        const { readCliConfig } = await import("./client/openClient.js");
        const { batchRun } = await import("./commands/batchRun.js");
        process.exitCode = await batchRun(readCliConfig(configFile()), input, options);
    });

program
    .command("rm")
    .description("Remove a model")
    .argument("<models...>", "models to remove")
    .action(
        withClient(async (client, models: string[]) => {
            const { remove } = await import("./commands/remove.js");
            await remove(client, models);
        })
    );

function parseInteger(value: string): number {
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) throw new InvalidArgumentError(`expected an integer but got "${value}"`);
    return parsed;
}

program.parseAsync(process.argv).catch((error: unknown) => {
    process.exitCode = reportError(error);
});
