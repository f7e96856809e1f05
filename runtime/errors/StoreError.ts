/**
 * @module StoreError
 * The model store could not be read or written (permissions, full disk, a corrupt manifest).
 * The message names the path and the operation, so the user can act on it.
 */
import { KettleError } from "./KettleError.js";

export class StoreError extends KettleError {}
