/**
 * POST /extract {"text": "..."}: pulls a person out of free text. The answer is constrained to the
 * JSON schema while it is generated, so it always parses and matches.
 */
import type { Handler } from "kettle";

type Env = { MODEL: string };
type Person = { name: string; age: number; city: string };

const person = {
    type: "object",
    properties: { name: { type: "string" }, age: { type: "integer" }, city: { type: "string" } },
    required: ["name", "age", "city"]
};

export const onRequestPost: Handler<Env> = async ({ request, env, models }) => {
    const { text } = (await request.json().catch(() => ({}))) as { text?: unknown };
    if (typeof text !== "string" || text.trim() === "") {
        return Response.json({ error: 'send {"text": "..."} with the text to read' }, { status: 400 });
    }
    const answer = await models.chat({
        model: env.MODEL,
        messages: [
            { role: "system", content: "Extract the person described by the user as JSON with name, age and city." },
            { role: "user", content: text }
        ],
        format: person,
        options: { temperature: 0, num_predict: 256 }
    });
    if (answer.done_reason === "length") {
        return Response.json({ error: "the answer was cut off before the JSON closed; try a shorter text" }, { status: 502 });
    }
    return JSON.parse(answer.message.content) as Person;
};
