/**
 * @module LiveSettings
 * What `kettle dev` may change without a restart, read by the dispatcher at each request: the
 * functions' limits and routes, and `ctx.env`.
 */
import type { Config } from "../../config/Config.js";

export type LiveSettings = { functions: Config["functions"]; vars: Config["vars"] };
