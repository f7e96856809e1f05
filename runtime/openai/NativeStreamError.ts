/**
 * @module NativeStreamError
 * A native handler's stream ended with an `{"error": "..."}` line (Ollama's way of failing once
 * streaming has begun). The message is the native one, already meant for the client.
 */
import { KettleError } from "../errors/KettleError.js";

export class NativeStreamError extends KettleError {}
