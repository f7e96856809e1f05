/**
 * @module lanePids
 * The lane processes a running `kettle serve` has started (its children running laneMain), for
 * tests that kill one and for benchmarks that read their threads.
 */
import { spawnSync } from "node:child_process";

export function lanePids(serverPid: number): number[] {
    return spawnSync("pgrep", ["-P", String(serverPid), "-f", "laneMain"], { encoding: "utf8" })
        .stdout.trim()
        .split("\n")
        .filter(Boolean)
        .map(Number);
}
