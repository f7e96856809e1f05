/**
 * @module failureError
 * A {@link TaskFailure} that crossed a process boundary, back as the typed error it stands for, so
 * it is answered like any other (one status table, one body shape per API family).
 */
import { FunctionTimeoutError } from "../../runtime/errors/FunctionTimeoutError.js";
import type { KettleError } from "../../runtime/errors/KettleError.js";
import { ModelLoadTimeoutError } from "../../runtime/errors/ModelLoadTimeoutError.js";
import { RelayedError } from "../../runtime/errors/RelayedError.js";
import { WorkerCrashedError } from "../../runtime/errors/WorkerCrashedError.js";
import type { TaskFailure } from "./messages.js";

export function failureError(failure: TaskFailure): KettleError {
    switch (failure.kind) {
        case "crashed":
            return new WorkerCrashedError(failure.reason);
        case "timeout":
            return new FunctionTimeoutError(failure.message);
        case "load-timeout":
            return new ModelLoadTimeoutError(failure.model);
        case "error":
            return new RelayedError(failure.status, failure.message);
    }
}
