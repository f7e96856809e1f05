/**
 * @module worker
 * The Piscina worker: a thread of a lane that keeps models warm and runs tasks beside them. Each
 * task kind has its runner: `invoke` runs a route's handler and streams its Response back over the
 * task's port, `embed` embeds a batch on the warm model, `unload` disposes a model. Models stay
 * loaded between tasks; only the scheduler's `unload` tasks dispose them.
 */
import type { MessagePort } from "node:worker_threads";
import type { EmbedTask, InvokeTask, UnloadTask } from "../protocol/messages.js";
import { runEmbed } from "./runEmbed.js";
import { runInvoke } from "./runInvoke.js";
import { unloadModel } from "./warmModels.js";
import { workerData } from "piscina";
import { setLogFormat, type LogFormat } from "../../runtime/log/log.js";

// A user's bundled function carries an inline source map: stack traces then name their own lines.
process.setSourceMapsEnabled(true);
// The lane passes the server's log format (ctx.log and unexpected errors write in it).
setLogFormat(((workerData ?? {}) as { logFormat?: LogFormat }).logFormat ?? "text");

type Task = ((InvokeTask | EmbedTask) & { port: MessagePort }) | UnloadTask;

export default async function runTask(task: Task): Promise<void> {
    switch (task.kind) {
        case "unload":
            return unloadModel(task.key);
        case "embed":
            return runEmbed(task);
        case "invoke":
            return runInvoke(task);
    }
}
