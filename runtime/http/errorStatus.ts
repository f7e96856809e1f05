/**
 * @module errorStatus
 * The one place where Kettle's typed errors are mapped to HTTP statuses (Ollama's statuses, as
 * `handleScheduleError` and the handlers in ollama's `server/routes.go` answer them). Anything
 * not listed, typed or not, is a 500.
 */
import { ForbiddenHostError } from "../errors/ForbiddenHostError.js";
import { FunctionBusyError } from "../errors/FunctionBusyError.js";
import { FunctionResultError } from "../errors/FunctionResultError.js";
import { FunctionTimeoutError } from "../errors/FunctionTimeoutError.js";
import { ModelCallError } from "../errors/ModelCallError.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import { BlobNotFoundError } from "../errors/BlobNotFoundError.js";
import { CapabilityError } from "../errors/CapabilityError.js";
import { DigestMismatchError } from "../errors/DigestMismatchError.js";
import { InvalidDigestError } from "../errors/InvalidDigestError.js";
import { InvalidModelFileError } from "../errors/InvalidModelFileError.js";
import { InvalidModelNameError } from "../errors/InvalidModelNameError.js";
import { MethodNotAllowedError } from "../errors/MethodNotAllowedError.js";
import { ModelLoadError } from "../errors/ModelLoadError.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { ModelTooLargeError } from "../errors/ModelTooLargeError.js";
import { PayloadTooLargeError } from "../errors/PayloadTooLargeError.js";
import { QueueFullError } from "../errors/QueueFullError.js";
import { RegistryError } from "../errors/RegistryError.js";
import { RelayedError } from "../errors/RelayedError.js";
import { RemoteModelNotFoundError } from "../errors/RemoteModelNotFoundError.js";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import { ResourceInUseError } from "../errors/ResourceInUseError.js";
import { ResourceNotFoundError } from "../errors/ResourceNotFoundError.js";
import { RouteNotFoundError } from "../errors/RouteNotFoundError.js";
import { ShuttingDownError } from "../errors/ShuttingDownError.js";
import { StoreError } from "../errors/StoreError.js";
import { UnauthorizedError } from "../errors/UnauthorizedError.js";
import { WorkerCrashedError } from "../errors/WorkerCrashedError.js";
import { ModelfileError } from "../modelfile/ModelfileError.js";

/** Any error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => Error;

/** Checked in order with `instanceof`, so subclasses (InvalidParameterError is a BadRequestError) inherit their parent's status. */
const statuses: readonly (readonly [ErrorClass, number])[] = [
    [BadRequestError, 400],
    [InvalidModelNameError, 400],
    [InvalidDigestError, 400],
    [DigestMismatchError, 400],
    // A blob is only ever missing because a request (create) named it: the request is at fault, not a route.
    [BlobNotFoundError, 400],
    [InvalidModelFileError, 400],
    [ModelfileError, 400],
    [CapabilityError, 400],
    [UnauthorizedError, 401],
    [ForbiddenHostError, 403],
    [ModelNotFoundError, 404],
    [RouteNotFoundError, 404],
    [RemoteModelNotFoundError, 404],
    [ResourceNotFoundError, 404],
    [MethodNotAllowedError, 405],
    [ResourceInUseError, 409],
    [PayloadTooLargeError, 413],
    [RequestCanceledError, 499],
    [StoreError, 500],
    [ModelLoadError, 500],
    [ModelTooLargeError, 500],
    [WorkerCrashedError, 500],
    [FunctionResultError, 500],
    // The registry's fault, not ours nor the client's.
    [RegistryError, 502],
    [QueueFullError, 503],
    [ShuttingDownError, 503],
    [FunctionBusyError, 503],
    [FunctionTimeoutError, 504]
];

/** The HTTP status that answers `error`; 500 for anything unknown. */
export function errorStatus(error: unknown): number {
    if (error instanceof ModelCallError || error instanceof RelayedError) return error.status;
    for (const [errorClass, status] of statuses) {
        if (error instanceof errorClass) return status;
    }
    return 500;
}
