/**
 * @module config/readDevVars
 * Secrets for functions, wrangler's way: a `.dev.vars` file (dotenv syntax) next to kettle.toml,
 * kept out of version control, whose values are laid over `[vars]` in `ctx.env`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

export const devVarsFileName = ".dev.vars";

/** The secrets in `dir/.dev.vars`; none when the file does not exist. */
export function readDevVars(dir: string): Record<string, string> {
    let text: string;
    try {
        text = readFileSync(join(dir, devVarsFileName), "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
        throw error;
    }
    return { ...parseEnv(text) } as Record<string, string>;
}
