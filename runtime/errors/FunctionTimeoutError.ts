/**
 * @module FunctionTimeoutError
 * A handler did not return its Response within its `timeout`; answered with 504.
 */
import { KettleError } from "./KettleError.js";

export class FunctionTimeoutError extends KettleError {}
