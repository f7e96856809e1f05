/**
 * @module formatGoDuration
 * Nanoseconds printed the way Go's time.Duration prints them (`1.234567s`, `12.3456ms`, `850µs`,
 * `2m3.5s`), which is how Ollama's `--verbose` statistics read.
 */
export function formatGoDuration(ns: number): string {
    if (ns === 0) return "0s";
    const sign = ns < 0 ? "-" : "";
    ns = Math.abs(Math.round(ns));
    if (ns < 1e3) return `${sign}${ns}ns`;
    if (ns < 1e6) return `${sign}${trim(ns / 1e3)}µs`;
    if (ns < 1e9) return `${sign}${trim(ns / 1e6)}ms`;
    const hours = Math.floor(ns / 3.6e12);
    const minutes = Math.floor((ns % 3.6e12) / 6e10);
    const seconds = (ns % 6e10) / 1e9;
    return `${sign}${hours ? `${hours}h` : ""}${hours || minutes ? `${minutes}m` : ""}${trim(seconds)}s`;
}

/** Up to nine decimals, trailing zeros dropped, as strconv.FormatFloat(x, 'f', -1) would for these values. */
function trim(value: number): string {
    return value.toFixed(9).replace(/\.?0+$/, "");
}
