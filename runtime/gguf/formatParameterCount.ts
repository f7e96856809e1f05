/** @module formatParameterCount Parameter counts as Ollama prints them (format.HumanNumber): `8.0B` → `8B`, `7.6B`, `260K`. */
export function formatParameterCount(count: number): string {
    const scaled = (value: number, unit: string, decimals: number) =>
        value === Math.floor(value) ? `${value}${unit}` : `${value.toFixed(decimals)}${unit}`;
    if (count >= 1e9) return scaled(count / 1e9, "B", 1);
    if (count >= 1e6) return scaled(count / 1e6, "M", 2);
    if (count >= 1e3) return `${Math.round(count / 1e3)}K`;
    return String(count);
}
