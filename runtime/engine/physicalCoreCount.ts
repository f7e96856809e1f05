/**
 * @module physicalCoreCount
 * Physical cores, the default inference thread count: llama.cpp's decode gains nothing from
 * hyper-threads and loses a lot when threads outnumber cores. Read from /proc/cpuinfo on Linux
 * (distinct physical id + core id pairs); elsewhere, the logical count.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

let cached: number | undefined;

export function physicalCoreCount(): number {
    if (cached !== undefined) return cached;
    const logical = availableParallelism();
    try {
        const cores = new Set<string>();
        let physical = "0";
        for (const line of readFileSync("/proc/cpuinfo", "utf8").split("\n")) {
            const [key, value] = line.split(":").map((part) => part.trim());
            if (key === "physical id") physical = value ?? "0";
            if (key === "core id") cores.add(`${physical}:${value}`);
        }
        cached = cores.size > 0 ? Math.min(cores.size, logical) : logical;
    } catch {
        cached = logical;
    }
    return cached;
}
