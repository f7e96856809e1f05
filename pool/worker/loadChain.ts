/**
 * @module loadChain
 * A route's middleware (those with a handler for the method) and its handler, outermost first,
 * imported once per worker and kept; a module that failed to import is tried again next time (the
 * file may have been fixed). Also says which API family the route's errors are written in.
 */
import { pathToFileURL } from "node:url";
import { KettleError } from "../../runtime/errors/KettleError.js";
import type { Handler } from "../../runtime/functions/FunctionContext.js";
import type { ChainStep } from "../../runtime/functions/runHandler.js";
import { errorFamilies, type ErrorFamily } from "../../runtime/http/errorResponse.js";
import type { TaskRoute } from "../protocol/messages.js";

const modules = new Map<string, Promise<Record<string, unknown>>>();

export function importModule(path: string): Promise<Record<string, unknown>> {
    let module = modules.get(path);
    if (!module) {
        module = import(pathToFileURL(path).href) as Promise<Record<string, unknown>>;
        module.catch(() => modules.delete(path));
        modules.set(path, module);
    }
    return module;
}

export async function loadChain(route: TaskRoute, method: string): Promise<{ steps: ChainStep[]; errors: ErrorFamily }> {
    const specific = `onRequest${method.charAt(0)}${method.slice(1).toLowerCase()}`;
    const steps: ChainStep[] = [];
    for (const wrapper of route.middleware) {
        const module = await importModule(wrapper.module);
        const name = typeof module[specific] === "function" ? specific : "onRequest";
        const handler = module[name];
        if (handler === undefined) continue;
        steps.push({ handler: checkHandler(handler, wrapper.file, name), where: `${wrapper.file}#${name}` });
    }
    const module = await importModule(route.module);
    steps.push({
        handler: checkHandler(module[route.exportName], route.file, route.exportName),
        where: `${route.file}#${route.exportName}`
    });
    return { steps, errors: errorFamilies.find((family) => family === module.errors) ?? "ollama" };
}

function checkHandler(value: unknown, file: string, name: string): Handler {
    if (typeof value !== "function") {
        throw new KettleError(`${file}: export "${name}" must be a function, but it is ${value === null ? "null" : typeof value}`);
    }
    return value as Handler;
}
