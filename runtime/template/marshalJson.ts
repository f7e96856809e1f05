/**
 * @module marshalJson
 * Go's json.Marshal as Ollama's `json` template function uses it: compact, with <, > and &
 * escaped as \u003c, \u003e, \u0026 and U+2028/U+2029 escaped, so prompts match Ollama's byte
 * for byte. Object keys keep their insertion order, as Ollama's ordered argument and property
 * maps do. Functions are methods and are left out of objects; undefined properties are omitted.
 */

export class JsonMarshalError extends Error {}

const shortEscapes: Record<string, string> = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t"
};

/** A JSON string literal, escaped like Go's encoding/json with HTML escaping on. */
export function marshalJsonString(text: string): string {
    let out = '"';
    for (const char of text) {
        const code = char.codePointAt(0)!;
        const short = shortEscapes[char];
        if (short) out += short;
        else if (code < 0x20 || char === "<" || char === ">" || char === "&" || code === 0x2028 || code === 0x2029) {
            out += "\\u" + code.toString(16).padStart(4, "0");
        } else if (code >= 0xd800 && code <= 0xdfff) {
            // A lone surrogate is invalid UTF-8 to Go, which writes the replacement character.
            out += "\\ufffd";
        } else {
            out += char;
        }
    }
    return out + '"';
}

function marshal(value: unknown, seen: Set<object>): string | undefined {
    if (value === null || value === undefined) return "null";
    switch (typeof value) {
        case "boolean":
            return value ? "true" : "false";
        case "number":
            if (!Number.isFinite(value)) throw new JsonMarshalError(`json: unsupported value: ${value}`);
            // JavaScript switches to exponents at the same bounds as Go (1e-6, 1e21) and writes them the same way.
            return String(value);
        case "bigint":
            return value.toString();
        case "string":
            return marshalJsonString(value);
        case "function":
        case "symbol":
            return undefined;
    }
    const object = value as object;
    if (seen.has(object)) throw new JsonMarshalError("json: unsupported value: encountered a cycle");
    seen.add(object);
    try {
        const toJSON = (object as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === "function") return marshal(toJSON.call(object), seen);
        if (Array.isArray(object)) return "[" + object.map((item) => marshal(item, seen) ?? "null").join(",") + "]";
        const members: string[] = [];
        for (const [key, member] of Object.entries(object)) {
            if (member === undefined) continue;
            const encoded = marshal(member, seen);
            if (encoded !== undefined) members.push(marshalJsonString(key) + ":" + encoded);
        }
        return "{" + members.join(",") + "}";
    } finally {
        seen.delete(object);
    }
}

/** Encodes a value as Go's json.Marshal would; throws JsonMarshalError where Go returns an error. */
export function marshalJson(value: unknown): string {
    const encoded = marshal(value, new Set());
    if (encoded === undefined) throw new JsonMarshalError(`json: unsupported type: ${typeof value}`);
    return encoded;
}
