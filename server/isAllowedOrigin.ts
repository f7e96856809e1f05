/**
 * @module isAllowedOrigin
 * Ollama's CORS policy: localhost, 127.0.0.1 and 0.0.0.0 on any port and scheme, app/file/tauri/
 * vscode webview schemes, browser extensions, plus the configured origins (`*` wildcards allowed).
 */
const builtIn = [
    /^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?$/,
    /^(app|file|tauri|vscode-webview|vscode-file):\/\//,
    /^(chrome-extension|moz-extension|safari-web-extension):\/\//
];

export function isAllowedOrigin(origin: string, configured: readonly string[]): boolean {
    if (!origin) return false;
    if (builtIn.some((pattern) => pattern.test(origin))) return true;
    return configured.some((allowed) => {
        if (allowed === "*") return true;
        const pattern = new RegExp(`^${allowed.split("*").map(escapeRegExp).join(".*")}$`);
        return pattern.test(origin);
    });
}

function escapeRegExp(text: string): string {
    return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
