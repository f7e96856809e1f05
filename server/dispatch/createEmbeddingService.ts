/**
 * @module createEmbeddingService
 * The embeddings service over the control plane's placement: requests are resolved like any other,
 * and each batch the service gathers runs as one typed `embed` task on the worker holding the model.
 */
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import type { EmbeddingPlacement, EmbeddingSlot } from "../../runtime/embeddings/EmbeddingBackend.js";
import { EmbeddingService } from "../../runtime/embeddings/EmbeddingService.js";
import type { Config } from "../../config/Config.js";
import type { ModelPlacer, Placement } from "./ModelPlacer.js";
import type { TaskRunner } from "./TaskRunner.js";

export function createEmbeddingService(
    placer: ModelPlacer,
    runner: TaskRunner,
    config: Config
): EmbeddingService<Placement & EmbeddingPlacement> {
    return new EmbeddingService<Placement & EmbeddingPlacement>(
        {
            place: async (request) => {
                const placement = await placer.place({ name: request.model, options: request.options, keepAlive: request.keepAlive });
                if ("unloaded" in placement) throw new BadRequestError("unexpected unload request");
                return {
                    ...placement,
                    digest: placement.definition.digest,
                    contextSize: placement.load.contextSize,
                    replicas: placer.settingsOf(placement.definition)?.replicas ?? 1
                };
            },
            acquire: async (placement, signal): Promise<EmbeddingSlot> => {
                const lease = await placer.acquire(placement, signal);
                let used = false;
                return {
                    run: (items, runSignal) => {
                        used = true;
                        return runner.embed(
                            items,
                            { key: lease.key, definition: placement.definition, load: placement.load },
                            lease,
                            runSignal
                        );
                    },
                    release: () => {
                        if (!used) lease.release();
                        used = true;
                    }
                };
            }
        },
        {
            batchWindowMs: config.embeddings.batchWindow,
            maxBatch: config.embeddings.maxBatch,
            cacheMaxBytes: config.embeddings.cacheMaxBytes,
            cacheTtlMs: config.embeddings.cacheTtl
        }
    );
}
