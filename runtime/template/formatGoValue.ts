/**
 * @module formatGoValue
 * The parts of Go's fmt package that templates reach: printing a value (%v), fmt.Sprint,
 * fmt.Sprintln and fmt.Sprintf. Integral numbers print as Go ints and others as float64
 * (shortest %g), arrays as [a b], plain objects as map[k:v] with sorted keys, and objects with
 * their own toString() as Go Stringers.
 */
import { canBackquote, quoteGoRune, quoteGoString } from "./quoteGoString.js";
import { goTypeName, sortedKeys, valueKind } from "./valueKind.js";

/** An object whose class defines toString(), printed through it like a Go fmt.Stringer. */
export function isStringer(value: unknown): value is { toString(): string } {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const toString = (value as { toString?: unknown }).toString;
    return typeof toString === "function" && toString !== Object.prototype.toString;
}

function isIntegral(value: number | bigint): boolean {
    return typeof value === "bigint" || (Number.isInteger(value) && Math.abs(value) < 1e21);
}

/** Go's 2-digit-minimum exponent: 1e+06, 1.5e-07. */
function goExponent(exponent: number): string {
    return (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
}

function nonFinite(value: number): string | null {
    if (Number.isNaN(value)) return "NaN";
    if (value === Infinity) return "+Inf";
    if (value === -Infinity) return "-Inf";
    return null;
}

/** A non-negative number as strconv's decimal: value = 0.digits × 10^dp, no trailing zeros. */
interface Decimal {
    digits: string;
    dp: number;
}

/** The exact decimal expansion of a double, so rounding can break ties to even like Go. */
function exactDecimal(value: number): Decimal {
    if (value === 0) return { digits: "", dp: 0 };
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    const high = view.getUint32(0);
    const exponentBits = (high >>> 20) & 0x7ff;
    let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
    let exponent = -1074;
    if (exponentBits !== 0) {
        mantissa |= 1n << 52n;
        exponent = exponentBits - 1075;
    }
    if (exponent >= 0) {
        const text = (mantissa << BigInt(exponent)).toString();
        return { digits: text.replace(/0+$/, ""), dp: text.length };
    }
    // m × 2^-k = m × 5^k / 10^k
    const text = (mantissa * 5n ** BigInt(-exponent)).toString();
    return { digits: text.replace(/0+$/, ""), dp: text.length + exponent };
}

/** The shortest digits that read back as the same double; JavaScript and Go agree on them. */
function shortestDecimal(value: number): Decimal {
    if (value === 0) return { digits: "", dp: 0 };
    const [mantissa = "0", exponent = "0"] = value.toExponential().split("e");
    return { digits: mantissa.replace(".", "").replace(/0+$/, ""), dp: Number(exponent) + 1 };
}

/** strconv's decimal.Round: keep `nd` digits, exact halves rounding to even. */
function roundDecimal(decimal: Decimal, nd: number): Decimal {
    const { digits, dp } = decimal;
    if (nd < 0 || nd >= digits.length) return decimal;
    const up = digits[nd] === "5" && nd + 1 === digits.length ? nd > 0 && Number(digits[nd - 1]) % 2 === 1 : digits[nd]! >= "5";
    if (!up) {
        const kept = digits.slice(0, nd).replace(/0+$/, "");
        return { digits: kept, dp: kept ? dp : 0 };
    }
    for (let index = nd - 1; index >= 0; index--) {
        if (digits[index] !== "9") return { digits: digits.slice(0, index) + String(Number(digits[index]) + 1), dp };
    }
    return { digits: "1", dp: dp + 1 };
}

/** strconv's fmtE: d.ddddde±dd with `precision` fraction digits. */
function fmtE(negative: boolean, decimal: Decimal, precision: number, upper: boolean): string {
    let out = (negative ? "-" : "") + (decimal.digits[0] ?? "0");
    if (precision > 0) out += "." + decimal.digits.slice(1, 1 + precision).padEnd(precision, "0");
    const exponent = decimal.digits === "" ? 0 : decimal.dp - 1;
    return out + (upper ? "E" : "e") + goExponent(exponent);
}

/** strconv's fmtF: ddd.ddd with `precision` fraction digits. */
function fmtF(negative: boolean, decimal: Decimal, precision: number): string {
    const { digits, dp } = decimal;
    let out = negative ? "-" : "";
    if (dp > 0) {
        const whole = Math.min(digits.length, dp);
        out += digits.slice(0, whole) + "0".repeat(dp - whole);
    } else {
        out += "0";
    }
    if (precision > 0) {
        out += ".";
        for (let index = 1; index <= precision; index++) out += digits[dp + index - 1] ?? "0";
    }
    return out;
}

/** strconv.FormatFloat(value, verb, precision, 64) for e, f and g; no precision means shortest. */
function formatFloatDigits(value: number, verb: "e" | "f" | "g", precision: number | undefined, upper: boolean): string {
    const special = nonFinite(value);
    if (special) return special;
    const negative = value < 0 || Object.is(value, -0);
    const magnitude = Math.abs(value);
    if (verb === "e") {
        const digits = precision ?? 6;
        return fmtE(negative, roundDecimal(exactDecimal(magnitude), digits + 1), digits, upper);
    }
    if (verb === "f") {
        const digits = precision ?? 6;
        const exact = exactDecimal(magnitude);
        return fmtF(negative, roundDecimal(exact, exact.dp + digits), digits);
    }
    const shortest = precision === undefined;
    let digits = shortest ? 0 : Math.max(precision, 1);
    const decimal = shortest ? shortestDecimal(magnitude) : roundDecimal(exactDecimal(magnitude), digits);
    const nd = decimal.digits.length;
    if (shortest) digits = nd;
    let eprec = digits;
    if (eprec > nd && nd >= decimal.dp) eprec = nd;
    // %e is used when the exponent is below -4 or at least the precision (6 for shortest).
    if (shortest) eprec = 6;
    const exponent = decimal.dp - 1;
    if (exponent < -4 || exponent >= eprec) return fmtE(negative, decimal, Math.min(digits, nd) - 1, upper);
    if (digits > decimal.dp) digits = nd;
    return fmtF(negative, decimal, Math.max(digits - decimal.dp, 0));
}

/** A number as %v prints it. */
export function formatGoNumber(value: number | bigint): string {
    if (typeof value === "bigint") return value.toString();
    return isIntegral(value) ? String(value) : formatFloatDigits(value, "g", undefined, false);
}

/** A value as Go's %v prints it (fmt.Sprint of one operand). */
export function formatGoValue(value: unknown): string {
    return formatVerb(value, parseSpec("v"));
}

interface Spec {
    verb: string;
    plus: boolean;
    minus: boolean;
    sharp: boolean;
    space: boolean;
    zero: boolean;
    width?: number;
    precision?: number;
}

function parseSpec(verb: string): Spec {
    return { verb, plus: false, minus: false, sharp: false, space: false, zero: false };
}

function pad(text: string, spec: Spec, numeric: boolean): string {
    const width = spec.width ?? 0;
    const length = [...text].length;
    if (length >= width) return text;
    if (spec.minus) return text + " ".repeat(width - length);
    if (spec.zero && numeric) {
        // Zeros go after the sign.
        const sign = /^[+\- ]/.test(text) ? text[0]! : "";
        return sign + "0".repeat(width - length) + text.slice(sign.length);
    }
    return " ".repeat(width - length) + text;
}

function badVerb(value: unknown, spec: Spec): string {
    if (value === null || value === undefined) return `%!${spec.verb}(<nil>)`;
    return `%!${spec.verb}(${goTypeName(value)}=${formatGoValue(value)})`;
}

function signed(text: string, negative: boolean, spec: Spec): string {
    if (negative) return "-" + text;
    if (spec.plus) return "+" + text;
    if (spec.space) return " " + text;
    return text;
}

function formatInteger(value: number | bigint, spec: Spec): string {
    const big = BigInt(value);
    const negative = big < 0n;
    const magnitude = negative ? -big : big;
    let text: string;
    switch (spec.verb) {
        case "v":
        case "d":
            text = magnitude.toString();
            break;
        case "b":
            text = magnitude.toString(2);
            break;
        case "o":
        case "O":
            text = (spec.verb === "O" ? "0o" : spec.sharp ? "0" : "") + magnitude.toString(8);
            break;
        case "x":
        case "X": {
            const digits = magnitude.toString(16);
            text = (spec.sharp ? "0x" : "") + digits;
            if (spec.verb === "X") text = text.toUpperCase();
            break;
        }
        case "c":
            return pad(quoteRuneText(Number(big)), spec, false);
        case "q":
            return pad(quoteGoRune(Number(big), spec.plus), spec, false);
        case "U": {
            const code = "U+" + magnitude.toString(16).toUpperCase().padStart(4, "0");
            return pad(spec.sharp ? `${code} '${quoteRuneText(Number(big))}'` : code, spec, false);
        }
        default:
            return formatFloat(Number(value), spec) ?? badVerb(value, spec);
    }
    if (spec.precision !== undefined) text = text.padStart(spec.precision, "0");
    return pad(signed(text, negative, spec), spec, spec.precision === undefined);
}

function quoteRuneText(codePoint: number): string {
    const valid = codePoint >= 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    return String.fromCodePoint(valid ? codePoint : 0xfffd);
}

/** The float verbs; null for a verb floats do not take. */
function formatFloat(value: number, spec: Spec): string | null {
    let text: string;
    switch (spec.verb) {
        case "v":
        case "g":
        case "G":
            text = formatFloatDigits(value, "g", spec.precision, spec.verb === "G");
            break;
        case "e":
        case "E":
            text = formatFloatDigits(value, "e", spec.precision, spec.verb === "E");
            break;
        case "f":
        case "F":
            text = formatFloatDigits(value, "f", spec.precision, false);
            break;
        default:
            return null;
    }
    if (Number.isFinite(value) && !text.startsWith("-")) text = signed(text, false, spec);
    return pad(text, spec, Number.isFinite(value));
}

function formatString(text: string, spec: Spec): string {
    if (spec.precision !== undefined) text = [...text].slice(0, spec.precision).join("");
    switch (spec.verb) {
        case "v":
            if (spec.sharp) return pad(quoteGoString(text), spec, false);
            return pad(text, spec, false);
        case "s":
            return pad(text, spec, false);
        case "q":
            if (spec.sharp && canBackquote(text)) return pad("`" + text + "`", spec, false);
            return pad(quoteGoString(text, spec.plus), spec, false);
        case "x":
        case "X": {
            const bytes = [...Buffer.from(text, "utf8")].map((byte) => byte.toString(16).padStart(2, "0"));
            let hex = bytes.join(spec.space ? " " : "");
            if (spec.sharp) hex = spec.space ? bytes.map((byte) => "0x" + byte).join(" ") : "0x" + hex;
            return pad(spec.verb === "X" ? hex.toUpperCase() : hex, spec, false);
        }
        default:
            return badVerb(text, spec);
    }
}

function formatVerb(value: unknown, spec: Spec): string {
    if (spec.verb === "T") return pad(goTypeName(value), spec, false);
    if (isStringer(value) && "vsqxX".includes(spec.verb)) return formatString(value.toString(), spec);
    switch (valueKind(value)) {
        case "nil":
            return spec.verb === "v" ? pad("<nil>", spec, false) : badVerb(value, spec);
        case "bool":
            return spec.verb === "v" || spec.verb === "t" ? pad(String(value), spec, false) : badVerb(value, spec);
        case "number": {
            const number = value as number | bigint;
            if (isIntegral(number)) return formatInteger(number, spec);
            return formatFloat(number as number, spec) ?? badVerb(value, spec);
        }
        case "string":
            return formatString(value as string, spec);
        case "slice":
            return "[" + (value as unknown[]).map((item) => formatVerb(item, spec)).join(" ") + "]";
        case "map": {
            const map = value as Record<string, unknown>;
            const entries = sortedKeys(map).map((key) => `${formatVerb(key, spec)}:${formatVerb(map[key], spec)}`);
            return "map[" + entries.join(" ") + "]";
        }
        case "struct": {
            const struct = value as Record<string, unknown>;
            return (
                "{" +
                Object.keys(struct)
                    .map((key) => formatVerb(struct[key], spec))
                    .join(" ") +
                "}"
            );
        }
        case "func":
            return spec.verb === "v" || spec.verb === "p" ? pad("0x0", spec, false) : badVerb(value, spec);
    }
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function goSprint(args: readonly unknown[]): string {
    let out = "";
    args.forEach((arg, index) => {
        const isString = typeof arg === "string";
        if (index > 0 && !isString && typeof args[index - 1] !== "string") out += " ";
        out += formatGoValue(arg);
    });
    return out;
}

/** fmt.Sprintln: operands always separated by spaces, then a newline. */
export function goSprintln(args: readonly unknown[]): string {
    return args.map(formatGoValue).join(" ") + "\n";
}

/** Reads a decimal number at `index`; Go caps widths and precisions at 1e6. */
function parseNumber(format: string, index: number): { value?: number; next: number } {
    let next = index;
    while (next < format.length && format[next]! >= "0" && format[next]! <= "9") next++;
    if (next === index) return { next };
    const value = Number(format.slice(index, next));
    return { value: value > 1e6 ? undefined : value, next };
}

/** fmt.Sprintf, with Go's %!verb(type=value), %!verb(MISSING) and %!(EXTRA …) reports. */
export function goSprintf(format: string, args: readonly unknown[]): string {
    let out = "";
    let argIndex = 0;
    let index = 0;
    while (index < format.length) {
        const percent = format.indexOf("%", index);
        if (percent < 0) {
            out += format.slice(index);
            break;
        }
        out += format.slice(index, percent);
        index = percent + 1;
        const spec = parseSpec("");
        flags: for (; index < format.length; index++) {
            switch (format[index]) {
                case "+":
                    spec.plus = true;
                    break;
                case "-":
                    spec.minus = true;
                    break;
                case "#":
                    spec.sharp = true;
                    break;
                case " ":
                    spec.space = true;
                    break;
                case "0":
                    spec.zero = true;
                    break;
                default:
                    break flags;
            }
        }
        if (format[index] === "*") {
            index++;
            const width = args[argIndex++];
            if (typeof width === "number" && Number.isInteger(width)) {
                spec.width = Math.abs(width);
                if (width < 0) spec.minus = true;
            } else {
                out += "%!(BADWIDTH)";
            }
        } else {
            const width = parseNumber(format, index);
            spec.width = width.value;
            index = width.next;
        }
        if (format[index] === ".") {
            index++;
            if (format[index] === "*") {
                index++;
                const precision = args[argIndex++];
                if (typeof precision === "number" && Number.isInteger(precision) && precision >= 0) {
                    spec.precision = precision;
                } else {
                    out += "%!(BADPREC)";
                }
            } else {
                const precision = parseNumber(format, index);
                spec.precision = precision.value ?? 0;
                index = precision.next;
            }
        }
        if (index >= format.length) {
            out += "%!(NOVERB)";
            break;
        }
        const verb = String.fromCodePoint(format.codePointAt(index)!);
        index += verb.length;
        spec.verb = verb;
        if (verb === "%") {
            out += "%";
            continue;
        }
        if (argIndex >= args.length) {
            out += `%!${verb}(MISSING)`;
            continue;
        }
        out += formatVerb(args[argIndex++], spec);
    }
    if (argIndex < args.length) {
        const extra = args
            .slice(argIndex)
            .map((arg) => (arg === null || arg === undefined ? "<nil>" : `${goTypeName(arg)}=${formatGoValue(arg)}`));
        out += `%!(EXTRA ${extra.join(", ")})`;
    }
    return out;
}
