/**
 * @module killLaneMidway
 * For the fault tests: kills a server's one lane process (SIGKILL) once the first piece of a
 * streaming response has arrived, and reads the rest of the body, which the server must end with
 * its API family's error.
 */
import assert from "node:assert/strict";
import { lanePids } from "./lanePids.js";

export async function killLaneMidway(serverPid: number, response: Response): Promise<{ first: string; rest: string; killed: number }> {
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    const lanes = lanePids(serverPid);
    assert.equal(lanes.length, 1, "one lane process");
    process.kill(lanes[0]!, "SIGKILL");
    let rest = "";
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        rest += decoder.decode(value, { stream: true });
    }
    return { first, rest, killed: lanes[0]! };
}
