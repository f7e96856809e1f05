/**
 * @module StopSequenceMatcher
 * Cuts generated text at the first stop sequence. Text is streamed, so a chunk that ends with the
 * beginning of a stop sequence is held back until the next chunks show whether the sequence follows;
 * the stop sequence itself is never emitted (Ollama's behaviour).
 */
export class StopSequenceMatcher {
    readonly #stops: string[];
    #held = "";
    #stopped = false;

    constructor(stops: readonly string[]) {
        this.#stops = [...new Set(stops.filter((stop) => stop !== ""))];
    }

    get stopped(): boolean {
        return this.#stopped;
    }

    /** Adds generated text; returns what can be emitted now and whether a stop sequence was reached. */
    push(text: string): { text: string; stopped: boolean } {
        if (this.#stopped) return { text: "", stopped: true };
        const buffer = this.#held + text;
        let cut = -1;
        for (const stop of this.#stops) {
            const index = buffer.indexOf(stop);
            if (index !== -1 && (cut === -1 || index < cut)) cut = index;
        }
        if (cut !== -1) {
            this.#held = "";
            this.#stopped = true;
            return { text: buffer.slice(0, cut), stopped: true };
        }
        const keep = this.#partialStopLength(buffer);
        this.#held = buffer.slice(buffer.length - keep);
        return { text: buffer.slice(0, buffer.length - keep), stopped: false };
    }

    /** The held-back text, at the end of the generation (it turned out not to be a stop sequence). */
    flush(): string {
        const text = this.#held;
        this.#held = "";
        return text;
    }

    /** Length of the longest end of `buffer` that is the beginning of a stop sequence. */
    #partialStopLength(buffer: string): number {
        let longest = 0;
        for (const stop of this.#stops) {
            for (let length = Math.min(stop.length - 1, buffer.length); length > longest; length--) {
                if (buffer.endsWith(stop.slice(0, length))) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
