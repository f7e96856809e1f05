/**
 * @module randomJsonValue
 * A value of a random JSON type for the fuzzer to put somewhere: edge numbers, hostile strings,
 * empty and mixed arrays, objects with prototype-polluting keys, and a marker for a deeply nested
 * array (written out as raw text after stringifying, see deepNesting), which a recursive walker on
 * the server would choke on.
 */
import { fuzzStrings } from "./fuzzStrings.js";
import type { Random } from "./mulberry32.js";

/** Replaced in the JSON text by `deepNesting`; a string nobody else sends. */
export const deepMarker = "\u0001deep\u0001";

export const deepNesting = "[".repeat(20_000) + "]".repeat(20_000);

const numbers = [0, -1, 1, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 2, 65_536, 4_294_967_296, 5e-324];

export function randomJsonValue(random: Random, depth = 0): unknown {
    switch (random.below(9)) {
        case 0:
            return random.pick([null, true, false]);
        case 1:
        case 2:
            return random.pick(numbers);
        case 3:
        case 4:
            return random.pick(fuzzStrings);
        case 5:
            return random.pick([[], [1, "a", null], [random.pick(fuzzStrings)], [{}]]);
        case 6:
            return random.pick([{}, { a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { x: 1 } } }]);
        case 7:
            return depth < 2 ? { [random.pick(["a", "type", "model", ""])]: randomJsonValue(random, depth + 1) } : null;
        default:
            return random.chance(0.3) ? deepMarker : random.pick([[[[]]], { a: { b: { c: {} } } }]);
    }
}
