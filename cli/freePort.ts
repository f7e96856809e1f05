/** @module freePort A TCP port on the loopback interface that nothing listens on right now. */
import { createServer } from "node:net";

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const address = probe.address();
            probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
        });
    });
}
