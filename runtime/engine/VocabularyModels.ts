/**
 * @module VocabularyModels
 * Models loaded for their vocabulary only (node-llama-cpp's `vocabOnly`: the tokenizer and the
 * GGUF's metadata, no weight tensors), for `/api/tokenize` and `/api/detokenize` on the control
 * plane: counting a conversation's tokens never loads a model's weights or takes a sequence from
 * the requests generating on it. A few are kept, least recently used dropped first; the tokens are
 * the ones the warm model would make, since they come from the same vocabulary.
 */
import { LRUCache } from "lru-cache";
import type { LlamaModel } from "node-llama-cpp";
import { getEngineLlama } from "./getEngineLlama.js";
import type { ModelDefinition } from "./types.js";

export class VocabularyModels {
    readonly #models: LRUCache<string, Promise<LlamaModel>>;

    constructor(max = 8) {
        this.#models = new LRUCache<string, Promise<LlamaModel>>({
            max,
            dispose: (model) => void model.then((loaded) => loaded.dispose()).catch(() => undefined)
        });
    }

    /** The model's vocabulary, loading it once. */
    get(definition: Pick<ModelDefinition, "digest" | "modelPath">): Promise<LlamaModel> {
        let model = this.#models.get(definition.digest);
        if (!model) {
            model = (async () => {
                // The CPU binding: nothing is computed, and no GPU is touched from the server process.
                const llama = await getEngineLlama({ gpu: false });
                return llama.loadModel({ modelPath: definition.modelPath, vocabOnly: true });
            })();
            // A failed load must not stick.
            model.catch(() => this.#models.delete(definition.digest));
            this.#models.set(definition.digest, model);
        }
        return model;
    }
}
