/**
 * @module RenderedPrompt
 * A prompt ready for the decode loop: its tokens, its text (for debugging and tests) and the stop
 * sequences its template implies (e.g. ChatML's `<|im_end|>`), on top of the request's own `stop`.
 */
import type { Token } from "node-llama-cpp";

export type RenderedPrompt = {
    tokens: Token[];
    text: string;
    stop: string[];
};
