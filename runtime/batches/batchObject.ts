/** @module batchObject A batch's row as OpenAI's Batch object, every timestamp in Unix seconds or null. */
import type { BatchRow } from "./BatchStore.js";

export function batchObject(row: BatchRow): Record<string, unknown> {
    return {
        id: row.id,
        object: "batch",
        endpoint: row.endpoint,
        errors: row.errors ? JSON.parse(row.errors) : null,
        input_file_id: row.input_file_id,
        completion_window: row.completion_window,
        status: row.status,
        output_file_id: row.output_file_id,
        error_file_id: row.error_file_id,
        created_at: row.created_at,
        in_progress_at: row.in_progress_at,
        expires_at: row.expires_at,
        finalizing_at: row.finalizing_at,
        completed_at: row.completed_at,
        failed_at: row.failed_at,
        expired_at: row.expired_at,
        cancelling_at: row.cancelling_at,
        cancelled_at: row.cancelled_at,
        request_counts: { total: row.total, completed: row.completed, failed: row.failed },
        metadata: row.metadata ? JSON.parse(row.metadata) : null,
        usage: {
            input_tokens: row.input_tokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: row.output_tokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: row.input_tokens + row.output_tokens
        }
    };
}
