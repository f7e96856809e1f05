/** @module stop `kettle stop MODEL`: unloads a warm model, as Ollama does, with an empty generate and `keep_alive: 0`. */
import type { ServingClient } from "../client/KettleClient.js";
import { UsageError } from "../UsageError.js";

export async function stop(client: ServingClient, model: string): Promise<void> {
    const { models } = await client.ps();
    const wanted = model.includes(":") ? model.toLowerCase() : `${model.toLowerCase()}:latest`;
    const running = models.find((m) => m.name.toLowerCase() === wanted || m.name.toLowerCase() === model.toLowerCase());
    if (!running) throw new UsageError(`couldn't find model "${model}" to stop`);
    for await (const _ of client.generate({ model: running.name, keep_alive: 0 })) {
        // the single answer says done_reason "unload"
    }
}
