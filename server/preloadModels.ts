/**
 * @module preloadModels
 * Loads the `[models."x"] preload = true` models, kept loaded (`keep_alive: -1`), as a client's
 * load request would (an empty `/api/generate`) through the dispatcher. A model that cannot be
 * loaded is reported on stderr and leaves the server not ready (`/readyz`).
 */
import { errorBodyMessage } from "../runtime/http/errorBodyMessage.js";
import type { Dispatcher } from "./dispatch/createDispatcher.js";
import { builtInPostRoute } from "./dispatch/taskRoutes.js";

export async function preloadModels(names: readonly string[], dispatch: Dispatcher, log: (line: string) => void): Promise<void> {
    const route = builtInPostRoute("/api/generate");
    await Promise.all(
        names.map(async (model) => {
            const request = new Request("http://kettle.internal/api/generate", {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ model, keep_alive: -1 })
            });
            const response = await dispatch(route, request, {});
            const text = await response.text();
            if (!response.ok) log(`could not preload ${model}: ${errorBodyMessage(text) ?? response.status}`);
        })
    );
}
