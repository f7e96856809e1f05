/** @module listQuery OpenAI's cursor paging parameters (`after`, `limit`), checked: a bad limit is a 400. */
import { BadRequestError } from "../errors/BadRequestError.js";

export function listQuery(
    url: URL,
    maxLimit: number,
    defaultLimit = maxLimit === 100 ? 20 : maxLimit
): { after: string | undefined; limit: number } {
    const after = url.searchParams.get("after") ?? undefined;
    const raw = url.searchParams.get("limit");
    if (raw === null) return { after, limit: defaultLimit };
    const limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
        throw new BadRequestError(`limit must be an integer from 1 to ${maxLimit}; got ${JSON.stringify(raw)}`, { param: "limit" });
    }
    return { after, limit };
}
