/**
 * @module formatProcessor
 * `ps`'s PROCESSOR column, computed from `size` and `size_vram` in the order Ollama's CLI does it
 * (cmd.ListRunningHandler): `100% CPU` when nothing is in VRAM, `100% GPU` when everything is,
 * `Unknown` when the numbers make no sense, else the split with the CPU share rounded first, as in
 * `48%/52% CPU/GPU`.
 */
export function formatProcessor(size: number, sizeVram: number): string {
    if (sizeVram === 0) return "100% CPU";
    if (sizeVram === size) return "100% GPU";
    if (sizeVram > size || size === 0) return "Unknown";
    const cpu = Math.round(((size - sizeVram) / size) * 100);
    return `${cpu}%/${100 - cpu}% CPU/GPU`;
}
