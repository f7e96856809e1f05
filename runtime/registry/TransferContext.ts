/**
 * @module TransferContext
 * What pulls and pushes share within one Kettle process: the store, the transfer settings, the
 * downloads in flight, and where registry logins come from.
 */
import type { RegistryConfig } from "../../config/Config.js";
import type { ModelStore } from "../store/ModelStore.js";
import type { RegistryCredentials } from "./registryCredentials.js";
import type { SharedDownloads } from "./SharedDownloads.js";

export type TransferContext = {
    readonly store: ModelStore;
    readonly settings: RegistryConfig;
    readonly downloads: SharedDownloads;
    /** Keep the layers a replaced manifest no longer uses (OLLAMA_NOPRUNE). */
    readonly noprune: boolean;
    credentials(host: string): RegistryCredentials | undefined;
};
