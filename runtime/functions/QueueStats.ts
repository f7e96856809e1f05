/**
 * @module QueueStats
 * What `GET /api/stats` reports of the scheduler's queue: how long requests waited for a free
 * sequence of their model (or room to load it), measured on the server, the last ones one by one.
 */
export type QueueStats = {
    /** Requests placed since the server started. */
    requests: number;
    /** Their summed wait, ms. */
    total_wait_ms: number;
    /** The most recent requests, oldest first; `seq` counts up from 1, so a reader can take only what is new. */
    recent: { seq: number; model: string; wait_ms: number }[];
};
