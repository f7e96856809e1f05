/**
 * @module config/Diagnostics
 *
 * Collects every configuration problem before anything is reported, in the way wrangler's
 * `Diagnostics` does, so a user fixes all mistakes in one edit instead of one per run.
 * A node has a title, its own errors and warnings, and child nodes (for example the env
 * variables under the config file). Each message starts with the dotted config path or the
 * env var name it is about.
 *
 * Rendered as an indented bullet tree:
 *
 *     Processing kettle.toml configuration:
 *       - server.port: expected an integer between 1 and 65535 but got 0
 *       - Processing environment variables:
 *           - OLLAMA_NUM_PARALLEL: expected a positive integer but got "abc"
 */
type Kind = "errors" | "warnings";

export class Diagnostics {
    readonly errors: string[] = [];
    readonly warnings: string[] = [];
    readonly children: Diagnostics[] = [];

    constructor(readonly title: string) {}

    addChild(child: Diagnostics): void {
        this.children.push(child);
    }

    hasErrors(): boolean {
        return this.has("errors");
    }

    hasWarnings(): boolean {
        return this.has("warnings");
    }

    /** The errors of this node and its children as a bullet tree, or "" when there are none. */
    renderErrors(): string {
        return this.render("errors");
    }

    /** The warnings of this node and its children as a bullet tree, or "" when there are none. */
    renderWarnings(): string {
        return this.render("warnings");
    }

    private has(kind: Kind): boolean {
        return this[kind].length > 0 || this.children.some((child) => child.has(kind));
    }

    private render(kind: Kind): string {
        if (!this.has(kind)) return "";
        const items = [...this[kind], ...this.children.filter((child) => child.has(kind)).map((child) => child.render(kind))];
        return [this.title, ...items.map(bullet)].join("\n");
    }
}

/** "  - first line", with continuation lines aligned under the text after the dash. */
function bullet(text: string): string {
    return text
        .split("\n")
        .map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`))
        .join("\n");
}
