/**
 * @module FunctionBundler
 * Turns a user's function file (TypeScript or JavaScript) into one ES module that a worker can
 * import, with esbuild, so no build step is needed. Output goes to `.kettle/functions/<pid>/<n>/`. Relative imports are bundled in, so a reload
 * picks up a changed helper too; packages stay imports, resolved from the user's node_modules
 * (the output folder sits next to the functions folder for that reason). Each output is named
 * after a hash of its content: a changed file gets a new module, the old one keeps serving the
 * requests already running. Exports are read from esbuild's metafile, so the user's code never
 * runs on the control plane.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { build, stop, type Message } from "esbuild";
import { FunctionFileError } from "./FunctionFileError.js";

export type BundledModule = {
    /** Absolute path of the module to import. */
    module: string;
    /** Names the source file exports. */
    exports: string[];
};

export class FunctionBundler {
    #made: Promise<unknown> | undefined;

    /** `outDir` is this process's own folder: it is emptied first and removed by {@link dispose}. */
    constructor(readonly outDir: string) {}

    async bundle(file: string): Promise<BundledModule> {
        this.#made ??= removeAbandoned(dirname(dirname(this.outDir)))
            .then(() => rm(this.outDir, { recursive: true, force: true }))
            .then(() => mkdir(this.outDir, { recursive: true }));
        await this.#made;
        const provisional = join(this.outDir, "out.mjs");
        let result;
        try {
            result = await build({
                entryPoints: [file],
                bundle: true,
                format: "esm",
                platform: "node",
                target: "node20",
                packages: "external",
                // Stack traces then point at the user's own file and line.
                sourcemap: "inline",
                sourcesContent: false,
                outfile: provisional,
                write: false,
                metafile: true,
                logLevel: "silent"
            });
        } catch (error) {
            const errors = (error as { errors?: Message[] }).errors;
            if (!errors) throw error;
            throw new FunctionFileError(file, `does not compile:\n${errors.map(describeMessage).join("\n")}`, { cause: error });
        }
        const output = result.outputFiles[0]!;
        const hash = createHash("sha256").update(output.contents).digest("hex").slice(0, 12);
        const module = join(this.outDir, `${basename(file).replace(/\.[^.]+$/, "")}.${hash}.mjs`);
        await writeFile(module, output.contents);
        const meta = Object.values(result.metafile.outputs).find((out) => out.entryPoint !== undefined);
        return { module, exports: meta?.exports ?? [] };
    }

    async dispose(): Promise<void> {
        await rm(this.outDir, { recursive: true, force: true });
        // The process's folder goes with its last bundle folder.
        await rmdir(dirname(this.outDir)).catch(() => undefined);
    }
}

/**
 * Removes the bundle folders of Kettle processes that are gone (a crash or a kill leaves them):
 * `root` holds one folder per process id.
 */
async function removeAbandoned(root: string): Promise<void> {
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names) {
        const pid = Number(name);
        if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
        await rm(join(root, name), { recursive: true, force: true });
    }
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        // EPERM: it runs, as another user.
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

/** `functions/x.ts:3:7: Expected ";" but found "y"` with the offending line, as esbuild reports it. */
function describeMessage(message: Message): string {
    const where = message.location;
    if (!where) return `  ${message.text}`;
    const file = where.file.startsWith("/") ? relative(process.cwd(), where.file) : where.file;
    return `  ${file}:${where.line}:${where.column + 1}: ${message.text}\n    ${where.lineText}`;
}

/** Ends esbuild's helper process, which would otherwise stay beside the server; the next bundle starts it again. */
export async function stopBundling(): Promise<void> {
    await stop();
}
