/**
 * @module config/envValueParsers
 *
 * Converters from an environment variable's text to a raw config value, one per kind of
 * value the env table needs. Each either succeeds with the value or says what it expected,
 * so readEnv can report `<VAR>: expected <what> but got "<text>"` naming the variable,
 * rather than leaving the schema to blame a config path the user never wrote.
 * They check exactly what the schema checks, so a value that passes here also passes there.
 */
import { KV_CACHE_TYPES, LOG_FORMATS, oneOfExpected } from "./configSchema.js";
import { DurationError } from "./DurationError.js";
import { HostAddressError } from "./HostAddressError.js";
import { BOOL_EXPECTED, parseBool } from "./parseBool.js";
import { parseDuration } from "./parseDuration.js";
import { parseHostAddress } from "./parseHostAddress.js";

export type EnvParseResult = { ok: true; value: unknown } | { ok: false; expected: string };

/** Receives the trimmed, unquoted, non-empty text of a variable. */
export type EnvValueParser = (text: string) => EnvParseResult;

const ok = (value: unknown): EnvParseResult => ({ ok: true, value });
const fail = (expected: string): EnvParseResult => ({ ok: false, expected });

export const stringValue: EnvValueParser = (text) => ok(text);

/** Comma-separated list, items trimmed and empty items dropped (OLLAMA_ORIGINS). */
export const listValue: EnvValueParser = (text) =>
    ok(
        text
            .split(",")
            .map((item) => item.trim())
            .filter((item) => item !== "")
    );

export const booleanValue: EnvValueParser = (text) => {
    const value = parseBool(text);
    return value === undefined ? fail(BOOL_EXPECTED) : ok(value);
};

export function integerValue(min: 0 | 1): EnvValueParser {
    const expected = min === 1 ? "a positive integer" : "a non-negative integer";
    return (text) => {
        const value = Number(text);
        return /^\d+$/.test(text) && Number.isSafeInteger(value) && value >= min ? ok(value) : fail(expected);
    };
}

/** Ollama's env durations also take a bare integer as seconds; keep that as a number. */
export const durationValue: EnvValueParser = (text) => {
    try {
        parseDuration(text, { allowBareSeconds: true });
    } catch (error) {
        if (error instanceof DurationError) return fail(error.expected);
        throw error;
    }
    return ok(/^[-+]?\d+$/.test(text) ? Number(text) : text);
};

export const kvCacheTypeValue: EnvValueParser = (text) =>
    (KV_CACHE_TYPES as readonly string[]).includes(text) ? ok(text) : fail(oneOfExpected(KV_CACHE_TYPES));

export const logFormatValue: EnvValueParser = (text) =>
    (LOG_FORMATS as readonly string[]).includes(text) ? ok(text) : fail(oneOfExpected(LOG_FORMATS));

/** OLLAMA_HOST: sets both server.host and server.port. */
export const hostValue: EnvValueParser = (text) => {
    try {
        const { host, port } = parseHostAddress(text);
        return ok({ host, port });
    } catch (error) {
        if (error instanceof HostAddressError) return fail(error.expected);
        throw error;
    }
};

/** OLLAMA_DEBUG: a boolean means debug or info; Ollama's numeric levels 2 and up mean trace. */
export const debugLevelValue: EnvValueParser = (text) => {
    const flag = parseBool(text);
    if (flag !== undefined) return ok(flag ? "debug" : "info");
    if (/^\d+$/.test(text)) return ok(Number(text) >= 2 ? "trace" : "debug");
    return fail("a boolean or a level 0, 1 or 2");
};
