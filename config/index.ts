/**
 * @module config
 *
 * The public surface of Kettle's configuration. Other folders import from here, not from
 * the individual files, so the internals can be rearranged freely.
 */
export type * from "./Config.js";
export { ConfigError } from "./ConfigError.js";
export { ConfigFileError } from "./ConfigFileError.js";
export { ConfigSyntaxError } from "./ConfigSyntaxError.js";
export { defaultConfig } from "./defaultConfig.js";
export { Diagnostics } from "./Diagnostics.js";
export { DurationError } from "./DurationError.js";
export { envDocs, getEnv, laneEnvironment, readEnv, type EnvDoc, type EnvSource, type EnvVarName } from "./env.js";
export { HostAddressError } from "./HostAddressError.js";
export { DEFAULT_CONFIG_FILE_NAME, loadConfig, type LoadConfigOptions, type LoadConfigResult } from "./loadConfig.js";
export { parseDuration, type ParseDurationOptions } from "./parseDuration.js";
export { parseHostAddress, type HostAddress } from "./parseHostAddress.js";
export { validateConfig } from "./validateConfig.js";
