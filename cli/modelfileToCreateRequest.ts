/**
 * @module modelfileToCreateRequest
 * The client half of `create`, as in Ollama: turns parsed Modelfile commands into a `/api/create`
 * request. Local files (a `FROM` GGUF, an `ADAPTER`) are resolved against the Modelfile's folder
 * and handed to `upload`, which stores them as blobs and returns their digests.
 */
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, isAbsolute, resolve } from "node:path";
import { ModelfileError } from "../runtime/modelfile/ModelfileError.js";
import { parseParameterValue } from "../runtime/modelfile/modelParameters.js";
import type { Modelfile, ModelfileCommand } from "../runtime/modelfile/types.js";
import { modelNameProblem, parseModelName } from "../runtime/store/ModelName.js";
import { isDownloadUrl } from "../runtime/registry/downloadUrl.js";
import type { ChatMessage, CreateRequest } from "../runtime/ollama/types.js";

/** Stores a local file as a blob and returns its `sha256:<hex>` digest. */
export type UploadFile = (path: string) => Promise<string>;

export async function modelfileToCreateRequest(
    model: string,
    modelfile: Modelfile,
    directory: string,
    upload: UploadFile
): Promise<CreateRequest> {
    const request: CreateRequest = { model };
    const parameters: Record<string, unknown> = {};
    const messages: ChatMessage[] = [];
    const licenses: string[] = [];

    for (const command of modelfile.commands) {
        switch (command.name) {
            case "model": {
                // `FROM https://…/model.gguf`: the server downloads it.
                if (isDownloadUrl(command.args)) {
                    request.from = command.args.trim();
                    break;
                }
                const file = await localFile(command, directory);
                if (file) request.files = { [basename(file)]: await upload(file) };
                else request.from = command.args;
                break;
            }
            case "adapter": {
                const file = await localFile(command, directory);
                if (!file)
                    throw new ModelfileError(
                        command.line,
                        `ADAPTER file ${command.args} not found (looked for ${resolvePath(command.args, directory)})`
                    );
                request.adapters = { [basename(file)]: await upload(file) };
                break;
            }
            case "template":
                request.template = command.args;
                break;
            case "system":
                request.system = command.args;
                break;
            case "license":
                licenses.push(command.args);
                break;
            case "requires":
                request.requires = command.args;
                break;
            case "message": {
                const separator = command.args.indexOf(": ");
                messages.push({ role: command.args.slice(0, separator), content: command.args.slice(separator + 2) });
                break;
            }
            case "draft":
            case "renderer":
            case "parser":
                throw new ModelfileError(command.line, `${command.name.toUpperCase()} is not supported by Kettle`);
            default: {
                const value = parseParameterValue(command.name, command.args);
                if (command.name === "stop") parameters.stop = [...((parameters.stop as string[] | undefined) ?? []), value];
                else parameters[command.name] = value;
            }
        }
    }
    if (licenses.length > 0) request.license = licenses;
    if (messages.length > 0) request.messages = messages;
    if (Object.keys(parameters).length > 0) request.parameters = parameters;
    return request;
}

/**
 * The file a FROM/ADAPTER argument names, or undefined when it names a model instead. An argument
 * that cannot be a model name (`./x.gguf`, `/abs/path`, `~/m.gguf`) but is missing is an error that
 * says where we looked, rather than an "invalid model name".
 */
async function localFile(command: ModelfileCommand, directory: string): Promise<string | undefined> {
    const path = resolvePath(command.args, directory);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) return path;
    if (info?.isDirectory()) {
        throw new ModelfileError(
            command.line,
            `${command.args} is a directory: Kettle imports GGUF files only (convert safetensors to GGUF first)`
        );
    }
    const looksLikeName = modelNameProblem(parseModelName(command.args)) === undefined && !command.args.toLowerCase().endsWith(".gguf");
    if (command.name === "model" && looksLikeName) return undefined;
    throw new ModelfileError(
        command.line,
        `${command.name === "model" ? "FROM" : "ADAPTER"} file ${command.args} not found (looked for ${path})`
    );
}

function resolvePath(arg: string, directory: string): string {
    if (arg === "~" || arg.startsWith("~/")) return resolve(homedir(), arg.slice(2));
    return isAbsolute(arg) ? arg : resolve(directory, arg);
}
