/**
 * @module metadataField
 * OpenAI's `metadata` field (batches, responses): at most 16 string pairs, keys up to 64
 * characters, values up to 512; null or absent is none.
 */
import * as v from "valibot";

export const metadataField = v.optional(
    v.nullable(
        v.pipe(
            v.record(
                v.pipe(v.string(), v.maxLength(64, "metadata keys have at most 64 characters")),
                v.pipe(v.string("metadata values are strings"), v.maxLength(512, "metadata values have at most 512 characters"))
            ),
            v.check((metadata) => Object.keys(metadata).length <= 16, "metadata has at most 16 pairs")
        )
    )
);
