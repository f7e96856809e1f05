/**
 * @module ps
 * `kettle ps [PREFIX]`: the warm models. Ollama's `NAME ID SIZE PROCESSOR CONTEXT UNTIL` table plus
 * Kettle's `LANE REPLICAS SLOTS QUEUE` (see {@link formatPsTable}); `-q` prints only the names and
 * `--json` the `/api/ps` body, for scripts.
 */
import type { ServingClient } from "../client/KettleClient.js";
import { formatPsTable } from "../format/formatPsTable.js";

export async function ps(client: ServingClient, prefix: string | undefined, options: { quiet?: boolean; json?: boolean }): Promise<void> {
    const { models } = await client.ps();
    // Matched case-insensitively against the displayed name, as `kettle list` does.
    const shown = prefix ? models.filter((m) => m.name.toLowerCase().startsWith(prefix.toLowerCase())) : models;
    if (options.json) {
        process.stdout.write(JSON.stringify({ models: shown }, null, 2) + "\n");
        return;
    }
    if (options.quiet) {
        process.stdout.write(shown.map((m) => `${m.name}\n`).join(""));
        return;
    }
    process.stdout.write(formatPsTable(shown, new Date()));
}
