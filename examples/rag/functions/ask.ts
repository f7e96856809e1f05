/**
 * POST /ask {"question": "..."}: embeds a handful of documents once per worker, picks the two
 * closest to the question, and answers with them as context.
 */
import type { Handler, Models } from "kettle";

type Env = { CHAT_MODEL: string; EMBED_MODEL: string };

const documents = [
    "Kettle keeps models loaded in warm worker threads, so a request never waits for a model load it did not need.",
    "A model stays loaded for keep_alive after its last request: five minutes by default, forever when negative.",
    "Functions live in a folder of TypeScript files; the file path is the route, as in Cloudflare Pages Functions.",
    "kettle dev reloads functions on every change without unloading the models they use.",
    "Embeddings are L2-normalised, so the dot product of two embeddings is their cosine similarity."
];

/** The documents' embeddings, computed by the first request a worker serves. */
let index: Promise<number[][]> | undefined;

function documentVectors(models: Models, model: string): Promise<number[][]> {
    index ??= models.embed({ model, input: documents }).then(
        (result) => result.embeddings,
        (error: unknown) => {
            index = undefined;
            throw error;
        }
    );
    return index;
}

const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

export const onRequestPost: Handler<Env> = async ({ request, env, models }) => {
    const { question } = (await request.json().catch(() => ({}))) as { question?: unknown };
    if (typeof question !== "string" || question.trim() === "") {
        return Response.json({ error: 'send {"question": "..."} with a non-empty question' }, { status: 400 });
    }
    const [vectors, asked] = await Promise.all([
        documentVectors(models, env.EMBED_MODEL),
        models.embed({ model: env.EMBED_MODEL, input: question })
    ]);
    const query = asked.embeddings[0]!;
    const sources = vectors
        .map((vector, i) => ({ text: documents[i]!, score: dot(vector, query) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 2);
    const answer = await models.chat({
        model: env.CHAT_MODEL,
        messages: [
            { role: "system", content: `Answer using only this context:\n${sources.map((source) => `- ${source.text}`).join("\n")}` },
            { role: "user", content: question }
        ],
        options: { num_predict: 128 }
    });
    return { answer: answer.message.content, sources };
};
