/**
 * @module RegistryError
 * A registry (or a download URL) failed us during a pull or push: unreachable, refused our
 * credentials, answered something malformed, or sent bytes that do not hash to their digest. The
 * fault is upstream, so Kettle answers 502 with the registry's own words in the message.
 */
import { KettleError } from "./KettleError.js";

export class RegistryError extends KettleError {}
