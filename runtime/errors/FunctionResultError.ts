/**
 * @module FunctionResultError
 * A handler returned something Kettle cannot answer with: nothing, or a value that is neither a
 * Response nor JSON-serialisable. Answered with 500, naming the file and export.
 */
import { KettleError } from "./KettleError.js";

export class FunctionResultError extends KettleError {}
