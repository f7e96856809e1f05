/** @module ResourceInUseError A file a running batch still reads or writes, or a batch in a state that forbids the request. Answered with 409. */
import { KettleError } from "./KettleError.js";

export class ResourceInUseError extends KettleError {}
