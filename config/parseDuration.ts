/**
 * @module config/parseDuration
 *
 * Ollama's `keep_alive` rules, used for `scheduler.keep_alive`, `scheduler.load_timeout`,
 * OLLAMA_KEEP_ALIVE and the HTTP API's `keep_alive` field:
 *
 * - a number is seconds (fractions allowed); a negative number means forever;
 * - a string is Go `time.ParseDuration` syntax ("5m", "1h30m", "1.5h", "-1m", "0");
 *   a negative duration means forever;
 * - a bare numeric string ("3600") is rejected, as Ollama's API does, unless
 *   `allowBareSeconds` is set, which mirrors how Ollama's envconfig reads OLLAMA_KEEP_ALIVE.
 *
 * The result is in milliseconds, or `Infinity` for forever. Pure: no I/O, no globals.
 */
import { DurationError } from "./DurationError.js";

export interface ParseDurationOptions {
    /** Accept a bare integer string as seconds ("3600", "-1"). Defaults to false. */
    allowBareSeconds?: boolean;
}

/** The phrase used in errors; exported so help text and schemas say the same thing. */
export const DURATION_EXPECTED = 'a number of seconds or a duration string like "5m", "1h30m", "-1m"';
const DURATION_EXPECTED_BARE = 'a whole number of seconds or a duration like "5m", "1h30m", "-1m"';

const NANOS_PER_MS = 1e6;

/** Nanoseconds per unit, as in Go's `unitMap` (both micro signs are accepted there too). */
const UNIT_NANOS: Readonly<Record<string, number>> = {
    ns: 1,
    us: 1e3,
    "\u00b5s": 1e3, // MICRO SIGN
    "\u03bcs": 1e3, // GREEK SMALL LETTER MU
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9
};

// Longer units first so "ms" is not read as "m" followed by garbage.
const SEGMENT = /(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;
const BARE_INTEGER = /^[-+]?\d+$/;
// Go rejects durations that overflow int64 nanoseconds (about 292 years).
const MAX_NANOS = 2 ** 63;

export function parseDuration(value: unknown, options: ParseDurationOptions = {}): number {
    const expected = options.allowBareSeconds ? DURATION_EXPECTED_BARE : DURATION_EXPECTED;
    if (typeof value === "number") {
        if (Number.isNaN(value)) throw new DurationError(value, expected);
        return secondsToMs(value);
    }
    if (typeof value !== "string") throw new DurationError(value, expected);

    if (options.allowBareSeconds && BARE_INTEGER.test(value)) return secondsToMs(Number(value));

    const nanos = parseGoDuration(value);
    if (nanos === undefined) throw new DurationError(value, expected);
    return nanos < 0 ? Infinity : nanos / NANOS_PER_MS;
}

function secondsToMs(seconds: number): number {
    if (seconds < 0) return Infinity;
    // Go converts with time.Duration(t * float64(time.Second)), truncating to whole nanoseconds.
    return Math.trunc(seconds * 1e9) / NANOS_PER_MS;
}

/** Go's `time.ParseDuration`, returning signed nanoseconds or undefined when invalid. */
function parseGoDuration(input: string): number | undefined {
    let rest = input;
    let sign = 1;
    if (rest.startsWith("-") || rest.startsWith("+")) {
        if (rest.startsWith("-")) sign = -1;
        rest = rest.slice(1);
    }
    // "0" is the only unit-less duration Go accepts.
    if (rest === "0") return 0;
    if (rest === "") return undefined;

    let total = 0;
    let position = 0;
    while (position < rest.length) {
        SEGMENT.lastIndex = position;
        const match = SEGMENT.exec(rest);
        if (!match) return undefined;
        const [segment, whole = "", fraction = "", unit = ""] = match;
        // "." alone has neither an integer nor a fractional part.
        if (whole === "" && fraction === "") return undefined;
        const unitNanos = UNIT_NANOS[unit];
        if (unitNanos === undefined) return undefined;
        total += Number(whole || "0") * unitNanos;
        if (fraction !== "") {
            total += Math.trunc((Number(fraction) * unitNanos) / 10 ** fraction.length);
        }
        if (total > MAX_NANOS) return undefined;
        position += segment.length;
    }
    // `sign * 0` would be -0 for "-0s"; Go treats that as plain zero, not "forever".
    return total === 0 ? 0 : sign * total;
}
