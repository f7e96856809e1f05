/**
 * @module config/loadConfig
 *
 * The entry point: finds and reads kettle.toml, layers it with the environment and CLI
 * flags, validates, and returns one typed {@link Config}.
 *
 * Precedence, lowest to highest: defaults < kettle.toml < env < flags.
 * File: the `file` option (--config) > KETTLE_CONFIG > `<cwd>/kettle.toml` if present > none.
 *
 * Errors (from any layer, all of them) are thrown once as a {@link ConfigError}; warnings
 * are returned for the caller to print, since only it knows how (and whether) to log.
 */
import path from "node:path";
import type { Config, RawConfig } from "./Config.js";
import { ConfigError } from "./ConfigError.js";
import { defaultConfig } from "./defaultConfig.js";
import { Diagnostics } from "./Diagnostics.js";
import { getEnv, readEnv, type EnvSource } from "./env.js";
import { isPlainObject } from "./isPlainObject.js";
import { mergeLayers } from "./mergeLayers.js";
import { readDevVars } from "./readDevVars.js";
import { readConfigFile } from "./readConfigFile.js";
import { validateConfig } from "./validateConfig.js";

export const DEFAULT_CONFIG_FILE_NAME = "kettle.toml";

export interface LoadConfigOptions {
    /** Config file named on the command line (--config); it must exist. */
    file?: string;
    /**
     * Where relative paths from flags and env, and the default kettle.toml, are looked up.
     * Defaults to process.cwd().
     */
    cwd?: string;
    /** The environment to read. Defaults to process.env (read in env.ts only). */
    env?: EnvSource;
    /** Values from CLI flags, in the TOML's shape; undefined values are ignored. */
    flags?: RawConfig;
}

export interface LoadConfigResult {
    config: Config;
    /** Holds only warnings (errors are thrown); print with `renderWarnings()`. */
    diagnostics: Diagnostics;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadConfigResult {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const fromEnv = readEnv(options.env);
    const location = locateConfigFile(options.file, getEnv("KETTLE_CONFIG", options.env), cwd);
    const fileLayer = readConfigFile(location.file, location);
    const file = fileLayer === undefined ? null : location.file;
    const flags = options.flags ?? {};

    const raw = mergeLayers(defaultConfig, fileLayer, fromEnv.layer, flags);
    // A relative store.path means "next to kettle.toml" only when the file is what set it.
    const storeFromFile = setsStorePath(fileLayer) && !setsStorePath(fromEnv.layer) && !setsStorePath(flags);
    const storeBaseDir = file !== null && storeFromFile ? path.dirname(file) : cwd;

    const diagnostics = new Diagnostics(`Processing ${displayName(file, cwd)} configuration:`);
    const functionsBaseDir = file !== null ? path.dirname(file) : cwd;
    const secrets = readDevVars(functionsBaseDir);
    const { config } = validateConfig(raw, { storeBaseDir, functionsBaseDir, secrets, file, diagnostics });
    diagnostics.addChild(fromEnv.diagnostics);
    if (config === undefined || diagnostics.hasErrors()) throw new ConfigError(diagnostics);
    return { config, diagnostics };
}

interface ConfigFileLocation {
    file: string;
    required: boolean;
    requestedBy: string;
}

function locateConfigFile(flagFile: string | undefined, envFile: string | undefined, cwd: string): ConfigFileLocation {
    if (flagFile !== undefined) {
        return { file: path.resolve(cwd, flagFile), required: true, requestedBy: "--config" };
    }
    if (envFile !== undefined) {
        return { file: path.resolve(cwd, envFile), required: true, requestedBy: "KETTLE_CONFIG" };
    }
    return {
        file: path.join(cwd, DEFAULT_CONFIG_FILE_NAME),
        required: false,
        requestedBy: DEFAULT_CONFIG_FILE_NAME
    };
}

function setsStorePath(layer: unknown): boolean {
    return isPlainObject(layer) && isPlainObject(layer.store) && layer.store.path !== undefined;
}

/** "kettle.toml" for a file in cwd, the absolute path for one elsewhere. */
function displayName(file: string | null, cwd: string): string {
    if (file === null) return "Kettle";
    const relative = path.relative(cwd, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
