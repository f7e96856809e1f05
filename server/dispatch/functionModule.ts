/**
 * @module functionModule
 * A function file as the control plane sees it: its exports that decide where and how it runs (the
 * `model` binding, the capability it `requires`, its error family, `runsOn`), imported once.
 */
import { pathToFileURL } from "node:url";
import type { ErrorFamily } from "../../runtime/http/errorResponse.js";
import type { ModelBinding, ModelRequirement, RunsOn } from "../../runtime/functions/types.js";

export type FunctionModule = Record<string, unknown> & {
    model?: ModelBinding;
    requires?: ModelRequirement;
    errors?: ErrorFamily;
    runsOn?: RunsOn;
};

const modules = new Map<string, Promise<FunctionModule>>();

export function importFunctionModule(file: string): Promise<FunctionModule> {
    let module = modules.get(file);
    if (!module) {
        module = import(pathToFileURL(file).href) as Promise<FunctionModule>;
        modules.set(file, module);
    }
    return module;
}
