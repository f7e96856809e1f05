/** @module ModelLoadError A model that passed the store's checks but could not be loaded by the engine. Answered with 500. */
import { KettleError } from "./KettleError.js";

export class ModelLoadError extends KettleError {
    constructor(
        readonly model: string,
        readonly reason: string,
        options?: ErrorOptions
    ) {
        super(`error loading model ${JSON.stringify(model)}: ${reason}`, options);
    }
}
