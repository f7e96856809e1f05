/**
 * @module formatSlots
 * `ps`'s SLOTS column: sequences generating now over sequences there are (`busy/total`, as `3/4`),
 * or `-` when the server does not report both.
 */
export function formatSlots(busy: number | undefined, total: number | undefined): string {
    if (busy === undefined || busy === null || total === undefined || total === null) return "-";
    return `${busy}/${total}`;
}
