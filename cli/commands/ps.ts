/**
 * @module ps
 * `kettle ps [PREFIX]`: Ollama's `NAME ID SIZE PROCESSOR CONTEXT UNTIL` table of warm models;
 * `-q` prints only the names, for scripts.
 */
import type { RunningModel } from "../../runtime/models/types.js";
import type { ServingClient } from "../client/KettleClient.js";
import { formatBytes } from "../format/formatBytes.js";
import { formatRelativeTime } from "../format/formatRelativeTime.js";
import { formatTable } from "../format/formatTable.js";

export async function ps(client: ServingClient, prefix: string | undefined, options: { quiet?: boolean }): Promise<void> {
    const { models } = await client.ps();
    const shown = prefix ? models.filter((m) => m.name.toLowerCase().startsWith(prefix.toLowerCase())) : models;
    if (options.quiet) {
        process.stdout.write(shown.map((m) => `${m.name}\n`).join(""));
        return;
    }
    const now = new Date();
    const rows = shown.map((m) => [
        m.name,
        m.digest.slice(0, 12),
        formatBytes(m.size),
        processor(m),
        String(m.context_length),
        until(m, now)
    ]);
    process.stdout.write(formatTable([["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"], ...rows]));
}

/** `100% GPU`, `100% CPU` or the split, as Ollama shows it. */
export function processor(model: RunningModel): string {
    if (model.size <= 0) return "Unknown";
    if (model.size_vram === 0) return "100% CPU";
    if (model.size_vram >= model.size) return "100% GPU";
    const cpu = Math.round(((model.size - model.size_vram) / model.size) * 100);
    return `${cpu}%/${100 - cpu}% CPU/GPU`;
}

function until(model: RunningModel, now: Date): string {
    const expires = new Date(model.expires_at);
    if (expires.getTime() < now.getTime()) return "Stopping...";
    return formatRelativeTime(expires, now);
}
