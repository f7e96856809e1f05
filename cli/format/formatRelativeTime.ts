/**
 * @module formatRelativeTime
 * "3 days ago", "About a minute ago", "4 minutes from now", "Forever", as Ollama prints times
 * (format.HumanTime), for `list`'s MODIFIED and `ps`'s UNTIL columns.
 */
export function formatRelativeTime(time: Date | undefined, now: Date = new Date(), zeroValue = "Never"): string {
    if (!time || time.getTime() <= 0) return zeroValue;
    const deltaMs = now.getTime() - time.getTime();
    // Go: int(delta.Hours())/24/365 < -20, every step truncated toward zero, so "Forever" starts at 21 years.
    if (Math.trunc(Math.trunc(Math.trunc(deltaMs / 3_600_000) / 24) / 365) < -20) return "Forever";
    return deltaMs < 0 ? `${formatDuration(-deltaMs)} from now` : `${formatDuration(deltaMs)} ago`;
}

function formatDuration(ms: number): string {
    const seconds = Math.floor(ms / 1000);
    if (seconds < 1) return "Less than a second";
    if (seconds === 1) return "1 second";
    if (seconds < 60) return `${seconds} seconds`;
    const minutes = Math.floor(seconds / 60);
    if (minutes === 1) return "About a minute";
    if (minutes < 60) return `${minutes} minutes`;
    const hours = Math.round(ms / 3_600_000);
    if (hours === 1) return "About an hour";
    if (hours < 48) return `${hours} hours`;
    if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
    if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
    if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
    return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}
