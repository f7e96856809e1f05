/** @module envHelp The environment variables Kettle reads, for `kettle serve --help` (as Ollama's `serve --help` lists them). */
import { envDocs } from "../config/env.js";

export function envHelp(): string {
    const docs = envDocs();
    const width = Math.max(...docs.map((doc) => doc.name.length));
    return docs
        .map((doc) => `  ${doc.name.padEnd(width)}  ${doc.description}${doc.default ? ` (default: ${doc.default})` : ""}`)
        .join("\n");
}
