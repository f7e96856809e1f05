/** @module list `kettle list [PREFIX]` (alias `ls`): Ollama's `NAME ID SIZE MODIFIED` table, or JSON for scripts. */
import type { KettleClient } from "../client/KettleClient.js";
import { formatBytes } from "../format/formatBytes.js";
import { formatRelativeTime } from "../format/formatRelativeTime.js";
import { formatTable } from "../format/formatTable.js";

export async function list(client: KettleClient, prefix: string | undefined, options: { json?: boolean }): Promise<void> {
    const { models } = await client.list();
    // Ollama matches the prefix case-insensitively against the displayed name.
    const shown = prefix ? models.filter((m) => m.name.toLowerCase().startsWith(prefix.toLowerCase())) : models;
    if (options.json) {
        process.stdout.write(JSON.stringify({ models: shown }, null, 2) + "\n");
        return;
    }
    const now = new Date();
    const rows = shown.map((m) => [m.name, m.digest.slice(0, 12), formatBytes(m.size), formatRelativeTime(new Date(m.modified_at), now)]);
    process.stdout.write(formatTable([["NAME", "ID", "SIZE", "MODIFIED"], ...rows]));
}
