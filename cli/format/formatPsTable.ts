/**
 * @module formatPsTable
 * The `kettle ps` table: Ollama's columns exactly as its CLI prints them (NAME, ID, SIZE, PROCESSOR,
 * CONTEXT, UNTIL), then Kettle's (LANE, REPLICAS, SLOTS, QUEUE), which print `-` where the server
 * does not send them. `now` is passed in so that UNTIL is testable with a fixed clock.
 */
import type { RunningModel } from "../../runtime/ollama/types.js";
import { formatBytes } from "./formatBytes.js";
import { formatOptional } from "./formatOptional.js";
import { formatProcessor } from "./formatProcessor.js";
import { formatSlots } from "./formatSlots.js";
import { formatTable } from "./formatTable.js";
import { formatUntil } from "./formatUntil.js";

export const psColumns = ["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL", "LANE", "REPLICAS", "SLOTS", "QUEUE"] as const;

export function formatPsTable(models: readonly RunningModel[], now: Date): string {
    const rows = models.map((m) => [
        m.name,
        m.digest.slice(0, 12),
        formatBytes(m.size),
        formatProcessor(m.size, m.size_vram),
        String(m.context_length),
        formatUntil(m.expires_at, now),
        formatOptional(m.lane),
        formatOptional(m.replicas),
        formatSlots(m.sequences_busy, m.sequences_total),
        formatOptional(m.queue_depth)
    ]);
    return formatTable([psColumns, ...rows]);
}
