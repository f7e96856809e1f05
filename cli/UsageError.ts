/** @module UsageError The command line itself is wrong (conflicting flags, a missing file argument). */
export class UsageError extends Error {
    override name = "UsageError";
}
