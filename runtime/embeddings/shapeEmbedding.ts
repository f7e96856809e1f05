/**
 * @module shapeEmbedding
 * A raw vector as an API returns it: cut to `dimensions`, L2-normalised unless the legacy
 * endpoint asks for the raw vector, and refused when JSON cannot carry it (NaN, infinity).
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { KettleError } from "../errors/KettleError.js";

export function shapeEmbedding(vector: Float32Array, options: { dimensions?: number | undefined; normalize: boolean }): number[] {
    let values = Array.from(vector);
    if (values.some((value) => !Number.isFinite(value))) {
        throw new KettleError("the model produced an embedding with NaN or infinite values");
    }
    if (options.dimensions !== undefined) {
        if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > values.length) {
            throw new BadRequestError(`dimensions must be between 1 and ${values.length}, got ${options.dimensions}`);
        }
        values = values.slice(0, options.dimensions);
    }
    if (options.normalize) {
        const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
        // A zero vector has no direction; it stays zero rather than becoming NaN.
        if (norm > 0) values = values.map((value) => value / norm);
    }
    return values;
}
