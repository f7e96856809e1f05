/**
 * @module showOrPull
 * What `kettle run` does before it generates, as Ollama's `run` does: ask for the model's details
 * and, when the store has no such model (the server answers 404), pull it with the same progress
 * display as `kettle pull`, then ask again. Any other failure (a bad name, a server error) is the
 * user's to see, not a reason to download.
 */
import type { ProgressResponse, ShowResponse } from "../../runtime/ollama/types.js";
import type { KettleClient } from "../client/KettleClient.js";
import { ServerError } from "../client/ServerError.js";
import { transfer } from "./pull.js";

/** Runs a pull to its end, drawing its progress; {@link transfer} unless a test swaps it. */
export type RunTransfer = (start: (signal: AbortSignal) => AsyncIterable<ProgressResponse>, client: KettleClient) => Promise<void>;

export async function showOrPull(
    client: KettleClient,
    model: string,
    insecure: boolean,
    runTransfer: RunTransfer = transfer
): Promise<ShowResponse> {
    try {
        return await client.show({ model });
    } catch (error) {
        if (!isMissingModel(error)) throw error;
    }
    await runTransfer((signal) => client.pull({ model, insecure }, signal), client);
    return client.show({ model });
}

/** Whether `show` failed because the store lacks the model. */
export function isMissingModel(error: unknown): boolean {
    return error instanceof ServerError && error.status === 404;
}
