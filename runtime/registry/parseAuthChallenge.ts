/**
 * @module parseAuthChallenge
 * Reads a `WWW-Authenticate` header (RFC 7235): `Bearer realm="https://auth.example/token",
 * service="registry.example",scope="repository:library/x:pull"`. Only the first challenge is
 * read; registries send one.
 */

export type AuthChallenge = {
    /** Lowercased: "bearer" or "basic". */
    scheme: string;
    /** Parameter names lowercased, values unquoted. */
    params: Record<string, string>;
};

export function parseAuthChallenge(header: string): AuthChallenge | undefined {
    const match = /^\s*([A-Za-z][\w-]*)\s*/.exec(header);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    let rest = header.slice(match[0].length);
    const param = /^([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,\s*)?/;
    for (let found = param.exec(rest); found; found = param.exec(rest)) {
        params[found[1]!.toLowerCase()] = found[2] !== undefined ? found[2].replace(/\\(.)/g, "$1") : found[3]!;
        rest = rest.slice(found[0].length);
    }
    return { scheme: match[1]!.toLowerCase(), params };
}
