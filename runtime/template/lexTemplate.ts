/**
 * @module lexTemplate
 * The tokenizer of Go's text/template (text/template/parse/lex.go), ported state by state so that
 * trim markers, comments, line numbers and lexical error messages match Go exactly. Positions are
 * JS string indices; lines are 1-based and counted the way Go counts them.
 */
import { isGoPrintable, quoteGoString } from "./quoteGoString.js";

export type TokenType =
    | "error"
    | "bool"
    | "char"
    | "charConstant"
    | "complex"
    | "assign"
    | "declare"
    | "eof"
    | "field"
    | "identifier"
    | "leftDelim"
    | "leftParen"
    | "number"
    | "pipe"
    | "rawString"
    | "rightDelim"
    | "rightParen"
    | "space"
    | "string"
    | "text"
    | "variable"
    // Keywords: Go prints these as <val> in error messages.
    | "block"
    | "break"
    | "continue"
    | "dot"
    | "define"
    | "else"
    | "end"
    | "if"
    | "nil"
    | "range"
    | "template"
    | "with";

export interface Token {
    type: TokenType;
    /** Index of the token's first character in the source. */
    pos: number;
    /** The token's text; for "error" the error message. */
    val: string;
    /** 1-based line the token starts on. */
    line: number;
}

const keywords = new Map<string, TokenType>([
    [".", "dot"],
    ["block", "block"],
    ["break", "break"],
    ["continue", "continue"],
    ["define", "define"],
    ["else", "else"],
    ["end", "end"],
    ["if", "if"],
    ["range", "range"],
    ["nil", "nil"],
    ["template", "template"],
    ["with", "with"]
]);
const keywordTypes = new Set<TokenType>(keywords.values());

const leftDelim = "{{";
const rightDelim = "}}";
const leftComment = "/*";
const rightComment = "*/";
/** Marker plus the space before or after it. */
const trimMarkerLength = 2;
const EOF = -1;

function isSpace(r: number): boolean {
    return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const letterOrDigit = /^[\p{L}\p{Nd}]$/u;

function isAlphaNumeric(r: number): boolean {
    if (r < 0x80) return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
    return letterOrDigit.test(String.fromCodePoint(r));
}

function hasLeftTrimMarker(input: string, at: number): boolean {
    return input[at] === "-" && at + 1 < input.length && isSpace(input.charCodeAt(at + 1));
}

function hasRightTrimMarker(input: string, at: number): boolean {
    return at + 1 < input.length && isSpace(input.charCodeAt(at)) && input[at + 1] === "-";
}

function trimmedLengthAtEnd(text: string): number {
    return text.length - text.replace(/[ \t\r\n]+$/, "").length;
}

function trimmedLengthAtStart(text: string): number {
    return text.length - text.replace(/^[ \t\r\n]+/, "").length;
}

function countNewlines(text: string): number {
    let count = 0;
    for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) count++;
    return count;
}

/** Go's %#U: "U+0078 'x'", or just "U+0007" when the rune is not printable. */
export function formatRune(r: number): string {
    const code = "U+" + r.toString(16).toUpperCase().padStart(4, "0");
    return isGoPrintable(r) ? `${code} '${String.fromCodePoint(r)}'` : code;
}

/** How Go's item.String() shows a token inside an error message. */
export function formatToken(token: Token): string {
    if (token.type === "eof") return "EOF";
    if (token.type === "error") return token.val;
    if (keywordTypes.has(token.type)) return `<${token.val}>`;
    if (Buffer.byteLength(token.val) > 10) return quoteGoString([...token.val].slice(0, 10).join("")) + "...";
    return quoteGoString(token.val);
}

type State = ((lexer: Lexer) => State) | null;

class Lexer {
    readonly tokens: Token[] = [];
    pos = 0;
    start = 0;
    width = 0;
    parenDepth = 0;
    line = 1;
    startLine = 1;

    constructor(readonly input: string) {}

    next(): number {
        if (this.pos >= this.input.length) {
            this.width = 0;
            return EOF;
        }
        const r = this.input.codePointAt(this.pos)!;
        this.width = r > 0xffff ? 2 : 1;
        this.pos += this.width;
        if (r === 0x0a) this.line++;
        return r;
    }

    peek(): number {
        const r = this.next();
        this.backup();
        return r;
    }

    /** Steps back one rune; only valid once per call of next. */
    backup(): void {
        this.pos -= this.width;
        if (this.width === 1 && this.input[this.pos] === "\n") this.line--;
    }

    emit(type: TokenType): void {
        this.tokens.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
        this.start = this.pos;
        this.startLine = this.line;
    }

    ignore(): void {
        this.line += countNewlines(this.input.slice(this.start, this.pos));
        this.start = this.pos;
        this.startLine = this.line;
    }

    accept(valid: string): boolean {
        const r = this.next();
        if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
        this.backup();
        return false;
    }

    acceptRun(valid: string): void {
        while (this.accept(valid));
    }

    /** Records an error token; returning null stops the scan, so EOF follows. */
    errorf(message: string): State {
        this.tokens.push({ type: "error", pos: this.start, val: message, line: this.startLine });
        return null;
    }

    atRightDelim(): { delim: boolean; trimSpaces: boolean } {
        if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(rightDelim, this.pos + trimMarkerLength)) {
            return { delim: true, trimSpaces: true };
        }
        return { delim: this.input.startsWith(rightDelim, this.pos), trimSpaces: false };
    }

    /** Whether the next rune may end an identifier; "$x+2" is rejected here as in Go. */
    atTerminator(): boolean {
        const r = this.peek();
        if (isSpace(r)) return true;
        switch (r) {
            case EOF:
            case 0x2e: // .
            case 0x2c: // ,
            case 0x7c: // |
            case 0x3a: // :
            case 0x29: // )
            case 0x28: // (
            case 0x7d: // } starts the right delimiter
                return true;
        }
        return false;
    }

    scanNumber(): boolean {
        this.accept("+-");
        let digits = "0123456789_";
        if (this.accept("0")) {
            // A leading 0 does not make a float octal.
            if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
            else if (this.accept("oO")) digits = "01234567_";
            else if (this.accept("bB")) digits = "01_";
        }
        this.acceptRun(digits);
        if (this.accept(".")) this.acceptRun(digits);
        if (digits.length === 11 && this.accept("eE")) {
            this.accept("+-");
            this.acceptRun("0123456789_");
        }
        if (digits.length === 23 && this.accept("pP")) {
            this.accept("+-");
            this.acceptRun("0123456789_");
        }
        this.accept("i");
        if (isAlphaNumeric(this.peek())) {
            this.next();
            return false;
        }
        return true;
    }
}

function lexText(l: Lexer): State {
    l.width = 0;
    const x = l.input.indexOf(leftDelim, l.pos);
    if (x >= 0) {
        l.pos = x;
        const trimLength = hasLeftTrimMarker(l.input, l.pos + leftDelim.length) ? trimmedLengthAtEnd(l.input.slice(l.start, l.pos)) : 0;
        l.pos -= trimLength;
        if (l.pos > l.start) {
            l.line += countNewlines(l.input.slice(l.start, l.pos));
            l.emit("text");
        }
        l.pos += trimLength;
        l.ignore();
        return lexLeftDelim;
    }
    l.pos = l.input.length;
    if (l.pos > l.start) {
        l.line += countNewlines(l.input.slice(l.start, l.pos));
        l.emit("text");
    }
    return null;
}

function lexLeftDelim(l: Lexer): State {
    l.pos += leftDelim.length;
    const afterMarker = hasLeftTrimMarker(l.input, l.pos) ? trimMarkerLength : 0;
    if (l.input.startsWith(leftComment, l.pos + afterMarker)) {
        l.pos += afterMarker;
        l.ignore();
        return lexComment;
    }
    l.emit("leftDelim");
    l.pos += afterMarker;
    l.ignore();
    l.parenDepth = 0;
    return lexInsideAction;
}

function lexComment(l: Lexer): State {
    l.pos += leftComment.length;
    const end = l.input.indexOf(rightComment, l.pos);
    if (end < 0) return l.errorf("unclosed comment");
    l.pos = end + rightComment.length;
    const { delim, trimSpaces } = l.atRightDelim();
    if (!delim) return l.errorf("comment ends before closing delimiter");
    if (trimSpaces) l.pos += trimMarkerLength;
    l.pos += rightDelim.length;
    if (trimSpaces) l.pos += trimmedLengthAtStart(l.input.slice(l.pos));
    l.ignore();
    return lexText;
}

function lexRightDelim(l: Lexer): State {
    const trimSpaces = hasRightTrimMarker(l.input, l.pos);
    if (trimSpaces) {
        l.pos += trimMarkerLength;
        l.ignore();
    }
    l.pos += rightDelim.length;
    l.emit("rightDelim");
    if (trimSpaces) {
        l.pos += trimmedLengthAtStart(l.input.slice(l.pos));
        l.ignore();
    }
    return lexText;
}

function lexInsideAction(l: Lexer): State {
    if (l.atRightDelim().delim) {
        if (l.parenDepth === 0) return lexRightDelim;
        return l.errorf("unclosed left paren");
    }
    const r = l.next();
    if (r === EOF) return l.errorf("unclosed action");
    if (isSpace(r)) {
        // Put the space back in case it starts " -}}".
        l.backup();
        return lexSpace;
    }
    switch (r) {
        case 0x3d: // =
            l.emit("assign");
            return lexInsideAction;
        case 0x3a: // :
            if (l.next() !== 0x3d) return l.errorf("expected :=");
            l.emit("declare");
            return lexInsideAction;
        case 0x7c: // |
            l.emit("pipe");
            return lexInsideAction;
        case 0x22: // "
            return lexQuote;
        case 0x60: // `
            return lexRawQuote;
        case 0x24: // $
            return lexVariable;
        case 0x27: // '
            return lexChar;
        case 0x2e: {
            // ".field", unless a digit follows: then '.' starts a number.
            const following = l.input.charCodeAt(l.pos);
            if (l.pos < l.input.length && (following < 0x30 || following > 0x39)) return lexField;
            l.backup();
            return lexNumber;
        }
        case 0x28: // (
            l.emit("leftParen");
            l.parenDepth++;
            return lexInsideAction;
        case 0x29: // )
            l.parenDepth--;
            if (l.parenDepth < 0) {
                l.start = l.pos;
                return l.errorf(`unexpected right paren ${formatRune(r)}`);
            }
            l.emit("rightParen");
            return lexInsideAction;
    }
    if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
        l.backup();
        return lexNumber;
    }
    if (isAlphaNumeric(r)) {
        l.backup();
        return lexIdentifier;
    }
    if (r <= 0x7f && isGoPrintable(r)) {
        l.emit("char");
        return lexInsideAction;
    }
    return l.errorf(`unrecognized character in action: ${formatRune(r)}`);
}

function lexSpace(l: Lexer): State {
    let spaces = 0;
    while (isSpace(l.peek())) {
        l.next();
        spaces++;
    }
    // A trim-marked right delimiter starts with a space: leave that space to it.
    if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(rightDelim, l.pos - 1 + trimMarkerLength)) {
        l.backup();
        if (spaces === 1) return lexRightDelim;
    }
    l.emit("space");
    return lexInsideAction;
}

function lexIdentifier(l: Lexer): State {
    for (;;) {
        const r = l.next();
        if (isAlphaNumeric(r)) continue;
        l.backup();
        if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
        const word = l.input.slice(l.start, l.pos);
        const keyword = keywords.get(word);
        if (keyword) l.emit(keyword);
        else if (word === "true" || word === "false") l.emit("bool");
        else l.emit("identifier");
        return lexInsideAction;
    }
}

function lexField(l: Lexer): State {
    return lexFieldOrVariable(l, "field");
}

function lexVariable(l: Lexer): State {
    if (l.atTerminator()) {
        // Nothing interesting follows: this is "$".
        l.emit("variable");
        return lexInsideAction;
    }
    return lexFieldOrVariable(l, "variable");
}

function lexFieldOrVariable(l: Lexer, type: "field" | "variable"): State {
    if (l.atTerminator()) {
        l.emit(type === "variable" ? "variable" : "dot");
        return lexInsideAction;
    }
    let r: number;
    for (;;) {
        r = l.next();
        if (!isAlphaNumeric(r)) {
            l.backup();
            break;
        }
    }
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
    l.emit(type);
    return lexInsideAction;
}

function lexChar(l: Lexer): State {
    for (;;) {
        let r = l.next();
        if (r === 0x5c) {
            r = l.next();
            if (r !== EOF && r !== 0x0a) continue;
        }
        if (r === EOF || r === 0x0a) return l.errorf("unterminated character constant");
        if (r === 0x27) break;
    }
    l.emit("charConstant");
    return lexInsideAction;
}

function lexNumber(l: Lexer): State {
    if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quoteGoString(l.input.slice(l.start, l.pos))}`);
    const sign = l.peek();
    if (sign === 0x2b || sign === 0x2d) {
        // Complex: 1+2i, no spaces, must end in 'i'.
        if (!l.scanNumber() || l.input[l.pos - 1] !== "i") {
            return l.errorf(`bad number syntax: ${quoteGoString(l.input.slice(l.start, l.pos))}`);
        }
        l.emit("complex");
    } else {
        l.emit("number");
    }
    return lexInsideAction;
}

function lexQuote(l: Lexer): State {
    for (;;) {
        let r = l.next();
        if (r === 0x5c) {
            r = l.next();
            if (r !== EOF && r !== 0x0a) continue;
        }
        if (r === EOF || r === 0x0a) return l.errorf("unterminated quoted string");
        if (r === 0x22) break;
    }
    l.emit("string");
    return lexInsideAction;
}

function lexRawQuote(l: Lexer): State {
    for (;;) {
        const r = l.next();
        if (r === EOF) return l.errorf("unterminated raw quoted string");
        if (r === 0x60) break;
    }
    l.emit("rawString");
    return lexInsideAction;
}

/**
 * Splits template source into tokens. The list always ends with an "eof" token; a lexical error
 * appears as an "error" token (its message in `val`) followed by that "eof".
 */
export function lexTemplate(source: string): Token[] {
    const lexer = new Lexer(source);
    for (let state: State = lexText; state;) state = state(lexer);
    lexer.tokens.push({ type: "eof", pos: lexer.pos, val: "", line: lexer.startLine });
    return lexer.tokens;
}
