import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { BlobNotFoundError } from "../errors/BlobNotFoundError.js";
import { CapabilityError } from "../errors/CapabilityError.js";
import { DigestMismatchError } from "../errors/DigestMismatchError.js";
import { InvalidDigestError } from "../errors/InvalidDigestError.js";
import { InvalidModelFileError } from "../errors/InvalidModelFileError.js";
import { InvalidModelNameError } from "../errors/InvalidModelNameError.js";
import { KettleError } from "../errors/KettleError.js";
import { MethodNotAllowedError } from "../errors/MethodNotAllowedError.js";
import { ModelLoadError } from "../errors/ModelLoadError.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { PayloadTooLargeError } from "../errors/PayloadTooLargeError.js";
import { QueueFullError } from "../errors/QueueFullError.js";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import { RouteNotFoundError } from "../errors/RouteNotFoundError.js";
import { StoreError } from "../errors/StoreError.js";
import { WorkerCrashedError } from "../errors/WorkerCrashedError.js";
import { InvalidParameterError } from "../modelfile/InvalidParameterError.js";
import { ModelfileError } from "../modelfile/ModelfileError.js";
import { RegistryError } from "../errors/RegistryError.js";
import { RemoteModelNotFoundError } from "../errors/RemoteModelNotFoundError.js";
import { errorStatus } from "./errorStatus.js";

test("typed errors map to Ollama's statuses", () => {
    const cases: [unknown, number][] = [
        [new InvalidModelNameError("a b"), 400],
        [new ModelNotFoundError("x"), 404],
        [new RemoteModelNotFoundError("x"), 404],
        [new RegistryError("registry.example refused the credentials"), 502],
        [new BadRequestError("missing request body"), 400],
        [new InvalidParameterError("temperature", "bad"), 400],
        [new InvalidDigestError("sha256:x"), 400],
        [new DigestMismatchError("sha256:a", "sha256:b"), 400],
        [new BlobNotFoundError("sha256:a"), 400],
        [new InvalidModelFileError("/m.gguf", "bad magic"), 400],
        [new ModelfileError(3, "unknown instruction"), 400],
        [new CapabilityError("nomic-embed-text", "generate"), 400],
        [new RouteNotFoundError("/x"), 404],
        [new MethodNotAllowedError("POST", "/api/tags", ["GET", "HEAD"]), 405],
        [new PayloadTooLargeError(10), 413],
        [new RequestCanceledError(), 499],
        [new StoreError("cannot write /store/manifests"), 500],
        [new ModelLoadError("x", "out of memory"), 500],
        [new WorkerCrashedError("exit code 134"), 500],
        [new QueueFullError(), 503]
    ];
    for (const [error, status] of cases) assert.equal(errorStatus(error), status, (error as Error).name);
});

test("anything else is 500", () => {
    for (const error of [new Error("boom"), new TypeError("x"), new KettleError("plain"), "a string", undefined, null]) {
        assert.equal(errorStatus(error), 500);
    }
});

test("the new errors' messages", () => {
    assert.equal(new QueueFullError().message, "server busy, please try again.  maximum pending requests exceeded");
    assert.equal(new RequestCanceledError().message, "request canceled");
    assert.equal(new CapabilityError("nomic-embed-text", "generate").message, `"nomic-embed-text" does not support generate`);
    assert.equal(new PayloadTooLargeError(1024).message, "request body too large: limit is 1024 bytes");
    assert.equal(new ModelLoadError("llama3.2", "out of memory").message, `error loading model "llama3.2": out of memory`);
    assert.equal(new WorkerCrashedError("exit code 134").message, "the worker serving this request crashed: exit code 134");
    assert.equal(new RouteNotFoundError("/api/nope").message, `path "/api/nope" not found`);
    assert.equal(new MethodNotAllowedError("POST", "/api/tags", ["GET"]).message, "method POST not allowed for /api/tags");
    assert.equal(new QueueFullError().name, "QueueFullError");
});
