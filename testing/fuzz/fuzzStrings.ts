/**
 * @module fuzzStrings
 * The strings the fuzzer puts where a string or any other value was. None of them is a model name
 * that could reach a real registry: each is either not a valid name at all or names a registry on
 * 127.0.0.1:1 (a closed port), so a mutated `model`, `from` or `destination` fails fast and locally.
 * The fuzz test checks that promise with the server's own name parser.
 */
export const closedRegistryModel = "127.0.0.1:1/fuzz/none:latest";

export const fuzzStrings: readonly string[] = [
    "",
    " ",
    "\u0000",
    "💥",
    "a b",
    "../../../outside",
    "./model.gguf",
    "./../../outside.gguf",
    "/etc/passwd",
    "C:\\Windows\\x",
    closedRegistryModel,
    "http://127.0.0.1:1/model.gguf",
    "https://127.0.0.1:1/fuzz/model.gguf",
    "sha256:" + "0".repeat(63) + "!",
    "x".repeat(2000),
    "<|im_end|>",
    "%s%n%x",
    '{{ .Prompt }}{{ template "missing" }}{{ end }}',
    "\ud800",
    "-1"
];
