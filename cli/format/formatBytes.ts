/** @module formatBytes Sizes in decimal units as Ollama prints them (format.HumanBytes): `4.7 GB`, `12 MB`, `1.2 MB`, `512 B`. */
const units: [number, string][] = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "KB"]
];

export function formatBytes(bytes: number): string {
    for (const [scale, unit] of units) {
        if (bytes < scale) continue;
        const value = bytes / scale;
        if (value >= 10 || value === Math.trunc(value)) return `${Math.trunc(value)} ${unit}`;
        return `${value.toFixed(1)} ${unit}`;
    }
    return `${bytes} B`;
}
