/** @module copy `kettle cp SOURCE DESTINATION` */
import type { KettleClient } from "../client/KettleClient.js";

export async function copy(client: KettleClient, source: string, destination: string): Promise<void> {
    await client.copy({ source, destination });
    process.stdout.write(`copied '${source}' to '${destination}'\n`);
}
