/**
 * @module FakeTerminal
 * A stand-in for a terminal on stderr, for tests of the bars: it records what is written and
 * replays the few ANSI sequences cli-progress and readline use (cursor moves, line clears, cursor
 * and line-wrap switches) onto a grid, so a test can assert the screen a user would end up seeing.
 */
export class FakeTerminal {
    readonly isTTY = true;
    readonly written: string[] = [];
    readonly lines: string[] = [""];
    cursorVisible = true;
    lineWrap = true;
    #row = 0;
    #col = 0;

    constructor(readonly columns = 120) {}

    write(chunk: string | Uint8Array, callback?: unknown): boolean {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        this.written.push(text);
        this.#apply(text);
        if (typeof callback === "function") (callback as () => void)();
        return true;
    }

    // readline's cursor functions and cli-progress only call write(); these make it a Writable enough for them.
    on(): this {
        return this;
    }
    once(): this {
        return this;
    }
    emit(): boolean {
        return false;
    }
    removeListener(): this {
        return this;
    }

    /** The screen's text, without trailing blank lines. */
    screen(): string[] {
        const lines = this.lines.map((line) => line.trimEnd());
        while (lines.length > 0 && lines.at(-1) === "") lines.pop();
        return lines;
    }

    #apply(text: string): void {
        // eslint-disable-next-line no-control-regex
        const tokens = text.match(/\x1b\[\??[0-9;]*[A-Za-z]|\x1b[78]|[\s\S]/gu) ?? [];
        for (const token of tokens) {
            if (token === "\n") {
                this.#row++;
                this.#col = 0;
                while (this.lines.length <= this.#row) this.lines.push("");
            } else if (token === "\r") {
                this.#col = 0;
            } else if (token.startsWith("\x1b[")) {
                this.#control(token);
            } else if (!token.startsWith("\x1b")) {
                const line = [...this.lines[this.#row]!.padEnd(this.#col)];
                line[this.#col] = token;
                this.lines[this.#row] = line.join("");
                this.#col++;
            }
        }
    }

    #control(token: string): void {
        const command = token.at(-1)!;
        const body = token.slice(2, -1);
        if (body === "?25") this.cursorVisible = command === "h";
        else if (body === "?7") this.lineWrap = command === "h";
        else {
            const n = body === "" ? undefined : Number(body);
            const line = () => [...this.lines[this.#row]!];
            switch (command) {
                case "G":
                    this.#col = (n ?? 1) - 1;
                    break;
                case "A":
                    this.#row = Math.max(0, this.#row - (n ?? 1));
                    break;
                case "B":
                    this.#row += n ?? 1;
                    while (this.lines.length <= this.#row) this.lines.push("");
                    break;
                case "C":
                    this.#col += n ?? 1;
                    break;
                case "D":
                    this.#col = Math.max(0, this.#col - (n ?? 1));
                    break;
                case "K":
                    if (!n) this.lines[this.#row] = line().slice(0, this.#col).join("");
                    else if (n === 1) this.lines[this.#row] = " ".repeat(this.#col) + line().slice(this.#col).join("");
                    else this.lines[this.#row] = "";
                    break;
                case "J":
                    this.lines[this.#row] = line().slice(0, this.#col).join("");
                    this.lines.length = this.#row + 1;
                    break;
                default:
                    throw new Error(`FakeTerminal: unexpected ${JSON.stringify(token)}`);
            }
        }
    }
}
