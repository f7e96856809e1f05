/**
 * @module functions/v1/batches
 * `POST /v1/batches {input_file_id, endpoint, completion_window: "24h", metadata}`: creates a batch
 * (status `validating`) and hands it to the runner, which validates its file before anything runs.
 * `GET /v1/batches?after&limit`: a page of batches, newest first.
 */
import * as v from "valibot";
import { batchEndpoints } from "../../../runtime/batches/batchEndpoints.js";
import { batchObject } from "../../../runtime/batches/batchObject.js";
import { listQuery } from "../../../runtime/openai/listQuery.js";
import { metadataField } from "../../../runtime/openai/metadataField.js";
import { BadRequestError } from "../../../runtime/errors/BadRequestError.js";
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { parseBody } from "../../../runtime/http/parseBody.js";
import { readJsonBody } from "../../../runtime/http/readJsonBody.js";

export const errors: ErrorFamily = "openai";

const createRequest = v.looseObject({
    input_file_id: v.string("input_file_id is required (the id of a file uploaded with purpose batch)"),
    endpoint: v.picklist(batchEndpoints, `endpoint must be one of ${batchEndpoints.join(", ")}`),
    completion_window: v.literal("24h", 'completion_window must be "24h"'),
    metadata: metadataField
});

export const onRequestPost = controlPlane(async ({ request, services }): Promise<Response> => {
    const body = parseBody(createRequest, await readJsonBody(request, 1024 * 1024));
    const jobs = services.batchJobs;
    const input = jobs.files.get(body.input_file_id);
    if (input.purpose !== "batch") {
        throw new BadRequestError(`file ${input.id} has purpose ${input.purpose}; a batch reads a file uploaded with purpose batch`, {
            param: "input_file_id"
        });
    }
    const row = jobs.batches.create({
        endpoint: body.endpoint,
        input_file_id: input.id,
        completion_window: body.completion_window,
        metadata: body.metadata ?? null
    });
    void jobs.runner.submit(row.id);
    return jsonResponse(batchObject(row));
});

export const onRequestGet = controlPlane(({ request, services }): Response => {
    const { after, limit } = listQuery(new URL(request.url), 100);
    const page = services.batchJobs.batches.list({ after, limit });
    return jsonResponse({
        object: "list",
        data: page.data.map(batchObject),
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
        has_more: page.has_more
    });
});
