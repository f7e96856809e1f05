/**
 * @module show
 * `kettle show MODEL` prints Ollama's sections (Model, Capabilities, Parameters, System, License,
 * and with `-v` Metadata and Tensors); `--modelfile`, `--parameters`, `--template`, `--system` and
 * `--license` print just that part.
 */
import type { ShowResponse } from "../../runtime/ollama/types.js";
import type { KettleClient } from "../client/KettleClient.js";
import { formatTable } from "../format/formatTable.js";
import { UsageError } from "../UsageError.js";

export type ShowOptions = {
    license?: boolean;
    modelfile?: boolean;
    parameters?: boolean;
    system?: boolean;
    template?: boolean;
    verbose?: boolean;
};

const parts = ["license", "modelfile", "parameters", "system", "template"] as const;

const missing: Record<(typeof parts)[number], string> = {
    license: "No license was specified for this model.",
    modelfile: "",
    parameters: "No parameters were specified for this model.",
    system: "No system message was specified for this model.",
    template: "No prompt template was specified for this model."
};

export async function show(client: KettleClient, model: string, options: ShowOptions): Promise<void> {
    const chosen = parts.filter((part) => options[part]);
    if (chosen.length > 1)
        throw new UsageError("only one of '--license', '--modelfile', '--parameters', '--system', or '--template' can be specified");
    const response = await client.show({ model, verbose: options.verbose === true });
    const part = chosen[0];
    if (part) {
        process.stdout.write(`${response[part] || missing[part]}\n`);
        return;
    }
    process.stdout.write(formatShow(response, options.verbose === true));
}

export function formatShow(response: ShowResponse, verbose: boolean): string {
    let out = "";
    const section = (header: string, rows: string[][]) => {
        if (rows.length === 0) return;
        out += `  ${header}\n${formatTable(rows.map((row) => ["", ...row]))}\n`;
    };
    const info = response.model_info ?? {};
    const architecture = String(info["general.architecture"] ?? response.details.family);
    const modelRows = [
        ["architecture", architecture],
        ["parameters", response.details.parameter_size]
    ];
    for (const [key, label] of [
        ["context_length", "context length"],
        ["embedding_length", "embedding length"]
    ] as const) {
        const value = info[`${architecture}.${key}`];
        if (value !== undefined) modelRows.push([label, String(value)]);
    }
    modelRows.push(["quantization", response.details.quantization_level]);
    if (response.requires) modelRows.push(["requires", response.requires]);
    section("Model", modelRows);
    section(
        "Capabilities",
        response.capabilities.map((capability) => [capability])
    );
    section(
        "Parameters",
        (response.parameters ?? "")
            .split("\n")
            .filter(Boolean)
            .map((line) => line.split(/\s+/))
    );
    section("System", head(response.system, 2));
    section("License", head(response.license, 2));
    if (verbose) {
        section(
            "Metadata",
            Object.keys(info)
                .sort()
                .map((key) => [key, formatValue(info[key])])
        );
        section(
            "Tensors",
            (response.tensors ?? []).map((t) => [t.name, t.type, `[${t.shape.join(" ")}]`])
        );
    }
    return out;
}

/** The first `n` non-blank lines, then `...` when there were more. */
function head(text: string | undefined, n: number): string[][] {
    const lines = (text ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    const rows = lines.slice(0, n).map((line) => [line]);
    if (lines.length > n) rows.push(["..."]);
    return rows;
}

function formatValue(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(" ")}]`;
    return typeof value === "string" ? value : JSON.stringify(value);
}
