/**
 * @module EmbeddingBackend
 * What the embeddings service needs from the server: resolving a request's model, and a slot on
 * the worker holding it warm (the scheduler's lease) to run a batch of inputs in.
 */
import type { EmbedItem } from "../engine/types.js";
import type { DecodedBatch } from "./embeddingBatchCodec.js";
import type { EmbedRequest } from "./Embedder.js";

/** A request's model, resolved. */
export interface EmbeddingPlacement {
    /** The scheduler's key: the model and its load options. Requests with equal keys share batches. */
    key: string;
    /** The model's manifest digest. */
    digest: string;
    /** Its context length in tokens (decides where a long input is cut). */
    contextSize: number;
    /** Warm copies it may have; one batch per copy runs at a time. */
    replicas: number;
}

/** A leased place on the model's worker; `run` uses it up, `release` gives it back unused. */
export interface EmbeddingSlot {
    run(items: EmbedItem[], signal: AbortSignal): Promise<DecodedBatch>;
    release(): void;
}

export interface EmbeddingBackend<P extends EmbeddingPlacement = EmbeddingPlacement> {
    place(request: EmbedRequest): Promise<P>;
    acquire(placement: P, signal: AbortSignal): Promise<EmbeddingSlot>;
}
