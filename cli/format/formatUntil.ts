/**
 * @module formatUntil
 * `ps`'s UNTIL column, as Ollama's CLI prints it: `Stopping...` once `expires_at` has passed (the
 * model is unloading, or draining its last requests), else the time left in Go humanize style
 * (`4 minutes from now`), and `Forever` for `keep_alive: -1`, whose expiry lies more than 20 years
 * ahead. A missing or unreadable time prints `Never`, HumanTime's zero value.
 */
import { formatRelativeTime } from "./formatRelativeTime.js";

export function formatUntil(expiresAt: string | undefined, now: Date): string {
    const expires = expiresAt ? new Date(expiresAt) : undefined;
    if (!expires || Number.isNaN(expires.getTime())) return "Never";
    if (expires.getTime() < now.getTime()) return "Stopping...";
    return formatRelativeTime(expires, now, "Never");
}
