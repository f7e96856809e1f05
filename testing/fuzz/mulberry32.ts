/**
 * @module mulberry32
 * A tiny seeded PRNG (Tommy Ettinger's mulberry32): the same seed gives the same sequence on every
 * machine, so a fuzz run that fails can be replayed exactly.
 */
export type Random = {
    /** A float in [0, 1). */
    next(): number;
    /** An integer in [0, n). */
    below(n: number): number;
    /** One of `items`. */
    pick<T>(items: readonly T[]): T;
    /** True with probability `p`. */
    chance(p: number): boolean;
};

export function mulberry32(seed: number): Random {
    let state = seed | 0;
    const next = (): number => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const below = (n: number) => Math.floor(next() * n);
    return {
        next,
        below,
        pick: (items) => items[below(items.length)]!,
        chance: (p) => next() < p
    };
}
