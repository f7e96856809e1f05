/**
 * POST /summarise (the text as the body): streams the summary as it is generated, as plain text.
 * Closing the connection stops the generation.
 */
import type { Handler } from "kettle";

type Env = { MODEL: string };

export const onRequestPost: Handler<Env> = async ({ request, env, models }) => {
    const text = await request.text();
    if (text.trim() === "") return Response.json({ error: "send the text to summarise as the request body" }, { status: 400 });
    const chunks = await models.generate({
        model: env.MODEL,
        system: "Summarise the user's text in two sentences.",
        prompt: text,
        stream: true,
        options: { num_predict: 160 }
    });
    const encoder = new TextEncoder();
    return new Response(
        new ReadableStream<Uint8Array>({
            async start(controller) {
                for await (const chunk of chunks) controller.enqueue(encoder.encode(chunk.response));
                controller.close();
            }
        }),
        { headers: { "Content-Type": "text/plain; charset=utf-8" } }
    );
};
