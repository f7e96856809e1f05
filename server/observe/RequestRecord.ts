/**
 * @module RequestRecord
 * What the access line and the HTTP metrics say of one request, filled in as it is served: its id
 * (`X-Request-Id`), its route pattern, the model it named, the tokens its model calls cost and the
 * name of the API key it used (never the secret).
 */
import type { ModelUsage } from "../../runtime/metrics/ModelUsage.js";

export class RequestRecord {
    readonly started = performance.now();
    /** The route pattern (`/v1/files/:id`), so metrics stay few; "unmatched" for a path no route has. */
    route = "unmatched";
    model: string | undefined;
    promptTokens = 0;
    generatedTokens = 0;
    keyName: string | undefined;

    constructor(readonly id: string) {}

    addUsage(usage: ModelUsage): void {
        this.model ??= usage.model;
        this.promptTokens += usage.promptTokens;
        this.generatedTokens += usage.generatedTokens;
    }
}

const records = new WeakMap<Request, RequestRecord>();

/** The record of a request as Hono hands it to the routes (its raw Request). */
export function recordOf(request: Request): RequestRecord | undefined {
    return records.get(request);
}

export function attachRecord(request: Request, record: RequestRecord): void {
    records.set(request, record);
}
