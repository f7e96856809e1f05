/**
 * @module FunctionContext
 * What a handler receives. The same handler file runs in one of two places: a function that exports
 * a `model` binding runs in a worker with its model warm (`ctx.model`); any other function runs on
 * the control plane with the server's services (`ctx.services`).
 */
import type { Config } from "../../config/Config.js";
import type { WarmModel } from "../engine/types.js";
import type { ModelStore } from "../store/ModelStore.js";
import type { RunningModel } from "../models/types.js";

/** What the control plane offers model-less functions (management endpoints, `ps`). */
export interface ControlPlaneServices {
    readonly store: ModelStore;
    readonly config: Config;
    readonly version: string;
    /** The warm models, for `/api/ps`. */
    runningModels(): RunningModel[];
    /** Unloads every warm copy of a model (after in-flight requests finish); false when none was loaded. */
    unloadModel(name: string): Promise<boolean>;
}

export type FunctionContext = {
    request: Request;
    /** Route params; `[[rest]]` params are string arrays. Percent-decoded. */
    params: Record<string, string | string[]>;
    /** The parsed JSON body of a model-bound function; undefined otherwise (read `request` yourself). */
    body: unknown;
    /** Aborted when the client disconnects. */
    signal: AbortSignal;
    /** The warm model, for functions that export a `model` binding. */
    model?: WarmModel;
    /** The server's services, for functions that run on the control plane. */
    services?: ControlPlaneServices;
};

export type FunctionHandler = (ctx: FunctionContext) => Response | Promise<Response>;
