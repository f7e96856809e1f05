/**
 * @module modelNameFromUrl
 * The name a model pulled from a plain URL gets: its file's name without `.gguf`, made a valid
 * model name (`Llama-3.2-1B-Instruct-Q4_K_M.gguf` → `Llama-3.2-1B-Instruct-Q4_K_M:latest`). Give it
 * another with `kettle cp`, or pull it through a Modelfile (`FROM https://…`) and `kettle create`.
 */
import { downloadFileName } from "./downloadUrl.js";

export function modelNameFromUrl(url: string): string {
    const base = downloadFileName(new URL(url))
        .replace(/\.gguf$/i, "")
        .replace(/[^A-Za-z0-9_.-]+/g, "-")
        .replace(/^[^A-Za-z0-9_]+/, "")
        .slice(0, 80)
        .replace(/[-.]+$/, "");
    return `${base || "model"}:latest`;
}
