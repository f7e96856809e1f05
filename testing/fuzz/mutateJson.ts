/**
 * @module mutateJson
 * One to three random edits of a copy of a JSON value: a field or item replaced by a value of
 * another type, a field removed, an item dropped, or an unknown field added.
 */
import type { Random } from "./mulberry32.js";
import { randomJsonValue } from "./randomJsonValue.js";

type Container = Record<string, unknown> | unknown[];
type Slot = { parent: Container; key: string | number };

export function mutateJson(value: unknown, random: Random): unknown {
    const root = { value: structuredClone(value) };
    const edits = 1 + random.below(3);
    for (let i = 0; i < edits; i++) {
        const slots = slotsOf(root);
        const slot = random.pick(slots);
        const target = slot.parent as Record<string | number, unknown>;
        const kind = random.below(4);
        const objects = slots.map((s) => (s.parent as Record<string | number, unknown>)[s.key]).filter(isObject);
        if (kind === 3 && objects.length > 0) {
            // defineProperty, so that "__proto__" becomes a key of its own, as JSON.parse makes it.
            Object.defineProperty(random.pick(objects), random.pick(["unknown_field", "model", "options", "stream", "__proto__"]), {
                value: randomJsonValue(random),
                enumerable: true,
                writable: true,
                configurable: true
            });
        } else if (kind === 2 && slot.parent !== (root as unknown as Container)) {
            if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
            else delete target[slot.key];
        } else {
            target[slot.key] = randomJsonValue(random);
        }
    }
    return root.value;
}

/** Every place in the value (the root included) where something can be replaced. */
function slotsOf(root: { value: unknown }): Slot[] {
    const slots: Slot[] = [{ parent: root as unknown as Container, key: "value" }];
    const walk = (node: unknown) => {
        if (Array.isArray(node)) {
            node.forEach((item, index) => {
                slots.push({ parent: node, key: index });
                walk(item);
            });
        } else if (isObject(node)) {
            for (const key of Object.keys(node)) {
                slots.push({ parent: node, key });
                walk(node[key]);
            }
        }
    };
    walk(root.value);
    return slots;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
