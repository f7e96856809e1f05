/**
 * @module StreamedError
 * A failure that a native handler reported inside its NDJSON stream (an `{"error": "..."}` line,
 * written once the response had begun). Its message is the one the client of the native API would
 * have read, so adapters pass it on as is; answered with 500 when nothing has been sent yet.
 */
import { KettleError } from "./KettleError.js";

export class StreamedError extends KettleError {}
