/** @module BadRequestError A request that is well-formed JSON but asks for something invalid. */
import { KettleError } from "./KettleError.js";

export class BadRequestError extends KettleError {}
