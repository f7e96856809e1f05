/**
 * @module chatWrapperFor
 * The node-llama-cpp chat wrapper that renders a model's GGUF chat template: a built-in wrapper
 * when the template is one node-llama-cpp recognises (ChatML, Llama 3, ...), else its Jinja
 * renderer. Models without `tokenizer.chat_template` get none: `resolveChatWrapper` would guess one
 * from the architecture (Llama 2 chat for any llama), which is not what the model was trained on.
 */
import { GeneralChatWrapper, resolveChatWrapper, type ChatWrapper, type LlamaModel } from "node-llama-cpp";

const wrappers = new WeakMap<LlamaModel, ChatWrapper | null>();

export function chatWrapperFor(model: LlamaModel): ChatWrapper | undefined {
    let wrapper = wrappers.get(model);
    if (wrapper === undefined) {
        const template = model.fileInfo.metadata.tokenizer?.chat_template;
        wrapper = typeof template === "string" && template.trim() !== "" ? resolveChatWrapper(model, { warningLogs: false }) : null;
        wrappers.set(model, wrapper);
    }
    return wrapper ?? undefined;
}

/** For chats with a model that has no template at all: a plain "### User / ### Assistant" layout. */
export const fallbackChatWrapper: ChatWrapper = new GeneralChatWrapper();
