/**
 * @module remove
 * `kettle rm MODEL...`: deletes each model in turn, printing `deleted 'M'` as Ollama does. It stops
 * at the first failure, so what was printed is exactly what was deleted.
 */
import type { KettleClient } from "../client/KettleClient.js";

export async function remove(client: KettleClient, models: string[]): Promise<void> {
    for (const model of models) {
        await client.delete({ model });
        process.stdout.write(`deleted '${model}'\n`);
    }
}
