/** @module kettleVersion The version from package.json, read once (`kettle --version`, `/api/version`). */
import { readFileSync } from "node:fs";

// dist/runtime/kettleVersion.js → the package root is two folders up.
export const kettleVersion: string = (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
