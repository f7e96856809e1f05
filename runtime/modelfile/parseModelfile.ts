/**
 * @module parseModelfile
 * Turns Modelfile text into Ollama-style commands (parser/parser.go `ParseFile`). Everything that
 * can be checked without touching the disk or the store is checked here, so that a bad line is
 * reported with its number before any blob is hashed or uploaded.
 */
import { InvalidParameterError } from "./InvalidParameterError.js";
import { ModelfileError } from "./ModelfileError.js";
import { getParameterSpec, parseParameterValue } from "./modelParameters.js";
import { readModelfileValue } from "./readModelfileValue.js";
import { messageRoles, type Modelfile, type ModelfileCommand } from "./types.js";

export type { Modelfile, ModelfileCommand } from "./types.js";

/** Instruction keyword (lower-case) → command name. */
const instructions = new Map<string, string>([
    ["from", "model"],
    ["parameter", "parameter"],
    ["template", "template"],
    ["system", "system"],
    ["adapter", "adapter"],
    ["license", "license"],
    ["message", "message"],
    ["requires", "requires"],
    // Undocumented in Ollama, so they stay out of the "expected one of" hint below.
    ["draft", "draft"],
    ["renderer", "renderer"],
    ["parser", "parser"]
]);

const documentedInstructions = "FROM, PARAMETER, TEMPLATE, SYSTEM, ADAPTER, LICENSE, MESSAGE, REQUIRES";

// golang.org/x/mod/semver, which Ollama uses, also accepts the shorthands v1 and v1.2.
const semver =
    /^v?(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/;

export function parseModelfile(text: string): Modelfile {
    const lines = text
        .replace(/^\uFEFF/, "")
        .replace(/\r\n/g, "\n")
        .split("\n");
    const commands: ModelfileCommand[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();

    for (let i = 0; i < lines.length; i++) {
        // Only the start is trimmed: trailing spaces after an opening """ are content.
        const trimmed = (lines[i] ?? "").trimStart();
        if (trimmed === "" || trimmed.startsWith("#")) continue;
        const line = i + 1;
        const [keyword, afterKeyword] = splitWord(trimmed);
        const name = instructions.get(keyword.toLowerCase());
        if (name === undefined) {
            throw new ModelfileError(line, `unknown instruction ${JSON.stringify(keyword)}: expected one of ${documentedInstructions}`);
        }
        const label = keyword.toUpperCase();

        if (name === "parameter") {
            const [rawName, rest] = splitWord(afterKeyword);
            if (rawName === "") throw new ModelfileError(line, "missing name for PARAMETER");
            const param = rawName.toLowerCase();
            const spec = getParameterSpec(param);
            if (spec === undefined) throw new ModelfileError(line, `unknown parameter '${param}'`);
            if (rest === "") throw new ModelfileError(line, `missing value for PARAMETER ${param}`);
            const { value, lastLine } = readModelfileValue(lines, i, rest, `PARAMETER ${param}`);
            i = lastLine;
            // Ollama only warns about these; their values are never used, so they are not checked.
            if (spec.deprecated === true) {
                warnings.push(`line ${line}: parameter '${param}' is deprecated and ignored`);
                continue;
            }
            checkParameter(line, param, value);
            commands.push({ name: param, args: value, line });
            continue;
        }

        if (name === "message") {
            const [rawRole, rest] = splitWord(afterKeyword);
            if (rawRole === "") throw new ModelfileError(line, "missing role for MESSAGE");
            const role = rawRole.toLowerCase();
            if (!(messageRoles as readonly string[]).includes(role)) {
                throw new ModelfileError(
                    line,
                    `message role must be one of "system", "user", "assistant" or "tool" but got ${JSON.stringify(rawRole)}`
                );
            }
            if (rest === "") throw new ModelfileError(line, `missing content for MESSAGE ${role}`);
            const { value, lastLine } = readModelfileValue(lines, i, rest, `MESSAGE ${role}`);
            i = lastLine;
            commands.push({ name, args: `${role}: ${value}`, line });
            continue;
        }

        if (afterKeyword === "") throw new ModelfileError(line, `missing value for ${label}`);
        const { value, lastLine } = readModelfileValue(lines, i, afterKeyword, label);
        i = lastLine;
        if (name === "model" && seen.has(name)) throw new ModelfileError(line, "FROM given more than once");
        if (name === "adapter" && seen.has(name)) throw new ModelfileError(line, "only one ADAPTER is supported");
        if (name === "requires" && !semver.test(value)) {
            throw new ModelfileError(line, `REQUIRES must be a valid semver (e.g. 0.14.0) but got ${JSON.stringify(value)}`);
        }
        seen.add(name);
        commands.push({ name, args: value, line });
    }

    if (!seen.has("model")) throw new ModelfileError(0, "no FROM line");
    return { commands, warnings };
}

/** Splits off the first whitespace-delimited word; the remainder has its leading whitespace removed. */
function splitWord(text: string): [word: string, rest: string] {
    const at = text.search(/\s/);
    if (at < 0) return [text, ""];
    return [text.slice(0, at), text.slice(at).trimStart()];
}

function checkParameter(line: number, name: string, value: string): void {
    try {
        parseParameterValue(name, value);
    } catch (err) {
        if (err instanceof InvalidParameterError) throw new ModelfileError(line, err.message, { cause: err });
        throw err;
    }
}
