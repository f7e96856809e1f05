/**
 * @module functions/api/blobs/[digest]
 * `HEAD /api/blobs/:digest` answers 200 when the store has the blob, 404 when not;
 * `POST /api/blobs/:digest` streams the body into the store, verifying it hashes to the digest
 * (201 created, 200 when already present, 400 on a mismatch or a malformed digest).
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import { BadRequestError } from "../../../runtime/errors/BadRequestError.js";
import { parseDigest } from "../../../runtime/store/Digest.js";

export const onRequestHead = controlPlane(async ({ params, services }): Promise<Response> => {
    const digest = parseDigest(String(params.digest));
    return new Response(null, { status: (await services.store.hasBlob(digest)) ? 200 : 404 });
});

export const onRequestPost = controlPlane(async ({ request, params, services }): Promise<Response> => {
    const digest = parseDigest(String(params.digest));
    if (await services.store.hasBlob(digest)) return new Response(null, { status: 200 });
    if (!request.body) throw new BadRequestError("missing request body");
    const written = await services.store.writeBlobStream(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), digest);
    return new Response(null, { status: written.created ? 201 : 200 });
});
