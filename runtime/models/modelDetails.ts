/** @module modelDetails The `details` object of `/api/tags` and `/api/show`, built from a model's config blob. */
import type { ModelConfig } from "../store/Manifest.js";
import type { ModelDetails } from "../ollama/types.js";

export function modelDetails(config: ModelConfig, parentModel = ""): ModelDetails {
    return {
        parent_model: parentModel,
        format: config.model_format ?? "",
        family: config.model_family ?? "",
        families: config.model_families ?? null,
        parameter_size: config.model_type ?? "",
        quantization_level: config.file_type ?? ""
    };
}
