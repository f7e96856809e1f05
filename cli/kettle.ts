/**
 * @module kettle
 * The `kettle` command. Subcommands and their flags mirror Ollama's CLI. Each command's module (and
 * with it the store and node-llama-cpp) is imported only when that command runs, which keeps
 * `kettle --version` and `kettle help` fast.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { KettleClient } from "./client/KettleClient.js";
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

/** Runs a command against the client, loading both lazily. */
function withClient<A extends unknown[]>(run: (client: KettleClient, ...args: A) => Promise<void>) {
    return async (...args: A) => {
        const { openLocalClient } = await import("./client/openLocalClient.js");
        const client = await openLocalClient({ configFile: program.opts<{ config?: string }>().config });
        await run(client, ...args);
    };
}

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

program.parseAsync(process.argv).catch((error: unknown) => {
    process.exitCode = reportError(error);
});
