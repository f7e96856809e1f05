/**
 * @module pull
 * `kettle pull MODEL [--insecure]` and `kettle push MODEL [--insecure]`: the transfer's progress,
 * a bar per layer on a terminal. Ctrl-C stops the request (the server keeps what it downloaded, and
 * the next pull resumes it) and exits with 130, as a shell expects of an interrupted command.
 */
import type { KettleClient } from "../client/KettleClient.js";
import type { ProgressResponse } from "../../runtime/ollama/types.js";
import { renderProgress } from "../progress/renderProgress.js";

export async function pull(client: KettleClient, model: string, options: { insecure?: boolean }): Promise<void> {
    await transfer((signal) => client.pull({ model, insecure: options.insecure === true }, signal), client);
}

export async function push(client: KettleClient, model: string, options: { insecure?: boolean }): Promise<void> {
    await transfer((signal) => client.push({ model, insecure: options.insecure === true }, signal), client, "push");
}

/** Runs one transfer with its progress drawn; exported for `kettle run`, which pulls a missing model first. */
export async function transfer(
    start: (signal: AbortSignal) => AsyncIterable<ProgressResponse>,
    client?: KettleClient,
    verb: "pull" | "push" = "pull"
): Promise<void> {
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    // `on`, not `once`: a dependency's signal-exit handler re-raises the signal when it finds itself the only listener.
    process.on("SIGINT", interrupt);
    try {
        await renderProgress(start(controller.signal));
    } catch (error) {
        if (!controller.signal.aborted) throw error;
    } finally {
        process.off("SIGINT", interrupt);
    }
    // Checked after a clean end too: a stream that stops quietly on abort is still an interruption, not a success.
    if (!controller.signal.aborted) return;
    // Without a server the download ran here: let it save its part state before the process ends.
    await client?.settled?.();
    process.stderr.write(verb === "pull" ? "\ninterrupted: pull again to resume\n" : "\ninterrupted: push again to upload the rest\n");
    process.exit(130);
}
