/**
 * @module config/resolveUserPath
 *
 * Turns a path as a user wrote it into an absolute one: a leading "~" is the home
 * directory (TOML and env values are not shell-expanded, so we do it), and a relative path
 * is resolved against `baseDir`: the kettle.toml's directory when the value came from that
 * file, so the config means the same thing whatever directory Kettle is started from.
 */
import os from "node:os";
import path from "node:path";

export function resolveUserPath(userPath: string, baseDir: string, homeDir: string = os.homedir()): string {
    if (userPath === "~") return homeDir;
    if (userPath.startsWith("~/") || userPath.startsWith("~\\")) {
        return path.join(homeDir, userPath.slice(2));
    }
    return path.resolve(baseDir, userPath);
}
