/**
 * @module parseTemplate
 * The parser of Go's text/template (text/template/parse/parse.go), ported with the same
 * three-token lookahead so that syntax errors carry the same message and line number as in Go
 * (and so in Ollama, which names its templates ""). Function names are checked against the
 * built-ins plus Ollama's extras at parse time, as Go does.
 */
import { formatNode } from "./formatNode.js";
import { formatToken, lexTemplate, type Token, type TokenType } from "./lexTemplate.js";
import { NumberSyntaxError, parseGoNumber } from "./parseGoNumber.js";
import { quoteGoString } from "./quoteGoString.js";
import { isTemplateFunction } from "./templateFunctions.js";
import { TemplateError } from "./TemplateError.js";
import type {
    ArgNode,
    BranchNode,
    ChainNode,
    CommandNode,
    DelimiterNode,
    ListNode,
    Node,
    ParsedTemplate,
    PipeNode,
    TemplateNode,
    VariableNode
} from "./types.js";
import { unquoteGoChar, unquoteGoString } from "./unquoteGoString.js";

/** Ollama parses every template with the name "", which shows up in messages as "template: :3: …". */
const parseName = "";
const maxStackDepth = 10000;

type ListItem = Node | DelimiterNode;

function isDelimiter(item: ListItem): item is DelimiterNode {
    return item.kind === "end" || item.kind === "else";
}

/** The token stream shared by the top-level tree and the {{define}}/{{block}} trees inside it. */
class TokenStream {
    private index = 0;

    constructor(private readonly tokens: Token[]) {}

    nextToken(): Token {
        const token = this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
        if (this.index < this.tokens.length) this.index++;
        return token;
    }
}

/** One tree being parsed (Go's parse.Tree during Parse). */
class TreeParser {
    private readonly token: Token[];
    private peekCount = 0;
    private vars: string[] = ["$"];
    private actionLine = 0;
    private rangeDepth = 0;
    private stackDepth = 0;

    constructor(
        private readonly stream: TokenStream,
        private readonly templates: Map<string, ListNode>
    ) {
        const none: Token = { type: "eof", pos: 0, val: "", line: 1 };
        this.token = [none, none, none];
    }

    // Token handling, exactly as Go's Tree.next/backup/peek.

    private next(): Token {
        if (this.peekCount > 0) this.peekCount--;
        else this.token[0] = this.stream.nextToken();
        return this.token[this.peekCount]!;
    }

    private backup(): void {
        this.peekCount++;
    }

    private backup2(t1: Token): void {
        this.token[1] = t1;
        this.peekCount = 2;
    }

    private backup3(t2: Token, t1: Token): void {
        this.token[1] = t1;
        this.token[2] = t2;
        this.peekCount = 3;
    }

    private peek(): Token {
        if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
        this.peekCount = 1;
        this.token[0] = this.stream.nextToken();
        return this.token[0];
    }

    private nextNonSpace(): Token {
        let token: Token;
        do token = this.next();
        while (token.type === "space");
        return token;
    }

    private peekNonSpace(): Token {
        const token = this.nextNonSpace();
        this.backup();
        return token;
    }

    // Errors.

    private errorf(message: string): never {
        const line = this.token[0]!.line;
        throw new TemplateError(`template: ${parseName}:${line}: ${message}`, line);
    }

    private expect(expected: TokenType, context: string): Token {
        const token = this.nextNonSpace();
        if (token.type !== expected) this.unexpected(token, context);
        return token;
    }

    private unexpected(token: Token, context: string): never {
        if (token.type === "error") {
            let extra = "";
            if (this.actionLine !== 0 && this.actionLine !== token.line) {
                extra = ` in action started at ${parseName}:${this.actionLine}`;
                // Avoid "unclosed action in action started at …".
                if (token.val.endsWith(" action")) extra = extra.slice(" in action".length);
            }
            this.errorf(`${formatToken(token)}${extra}`);
        }
        this.errorf(`unexpected ${formatToken(token)} in ${context}`);
    }

    // Trees.

    /** Adds a finished tree, as Tree.add: an empty redefinition never replaces a real one. */
    private add(name: string, root: ListNode): void {
        const existing = this.templates.get(name);
        if (!existing || isEmptyTree(existing)) {
            this.templates.set(name, root);
            return;
        }
        if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${quoteGoString(name)}`);
    }

    /** The top level: like itemList, but also accepts {{define}} and runs to EOF. */
    parse(): ListNode {
        const root: ListNode = { kind: "list", pos: this.peek().pos, nodes: [] };
        while (this.peek().type !== "eof") {
            if (this.peek().type === "leftDelim") {
                const delim = this.next();
                if (this.nextNonSpace().type === "define") {
                    new TreeParser(this.stream, this.templates).parseDefinition();
                    continue;
                }
                this.backup2(delim);
            }
            const node = this.textOrAction();
            if (isDelimiter(node)) this.errorf(`unexpected ${formatNode(node)}`);
            root.nodes.push(node);
        }
        this.add(parseName, root);
        return root;
    }

    /** {{define "name"}} … {{end}}; the define keyword has been read. */
    private parseDefinition(): void {
        const context = "define clause";
        const token = this.nextNonSpace();
        if (token.type !== "string" && token.type !== "rawString") this.unexpected(token, context);
        const name = this.unquote(token.val);
        this.expect("rightDelim", context);
        const [root, end] = this.itemList();
        if (end.kind !== "end") this.errorf(`unexpected ${formatNode(end)} in ${context}`);
        this.add(name, root);
    }

    private itemList(): [ListNode, DelimiterNode] {
        const list: ListNode = { kind: "list", pos: this.peekNonSpace().pos, nodes: [] };
        while (this.peekNonSpace().type !== "eof") {
            const node = this.textOrAction();
            if (isDelimiter(node)) return [list, node];
            list.nodes.push(node);
        }
        this.errorf("unexpected EOF");
    }

    private textOrAction(): ListItem {
        const token = this.nextNonSpace();
        switch (token.type) {
            case "text":
                return { kind: "text", pos: token.pos, text: token.val };
            case "leftDelim":
                this.actionLine = token.line;
                try {
                    return this.action();
                } finally {
                    this.actionLine = 0;
                }
            default:
                this.unexpected(token, "input");
        }
    }

    /** The inside of {{ }}: a control keyword or a pipeline to print. */
    private action(): ListItem {
        const token = this.nextNonSpace();
        switch (token.type) {
            case "block":
                return this.blockControl();
            case "break":
            case "continue":
                return this.loopControl(token);
            case "else":
                return this.elseControl();
            case "end":
                return { kind: "end", pos: this.expect("rightDelim", "end").pos, line: token.line };
            case "if":
                return this.branchControl("if");
            case "range":
                return this.branchControl("range");
            case "template":
                return this.templateControl();
            case "with":
                return this.branchControl("with");
        }
        this.backup();
        const start = this.peek();
        // Variables declared here are not popped: they live until the enclosing {{end}}.
        return { kind: "action", pos: start.pos, line: start.line, pipe: this.pipeline("command", "rightDelim") };
    }

    private loopControl(keyword: Token): Node {
        const name = keyword.type === "break" ? "break" : "continue";
        const token = this.nextNonSpace();
        if (token.type !== "rightDelim") this.unexpected(token, `{{${name}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${name}}} outside {{range}}`);
        return { kind: name, pos: keyword.pos, line: keyword.line };
    }

    private elseControl(): DelimiterNode {
        // "{{else if …" and "{{else with …" leave the keyword pending for branchControl.
        const peek = this.peekNonSpace();
        if (peek.type === "if" || peek.type === "with") return { kind: "else", pos: peek.pos, line: peek.line };
        const token = this.expect("rightDelim", "else");
        return { kind: "else", pos: token.pos, line: token.line };
    }

    private branchControl(context: "if" | "range" | "with"): BranchNode {
        const savedVars = this.vars.length;
        try {
            const pipe = this.pipeline(context, "rightDelim");
            if (context === "range") this.rangeDepth++;
            const [list, next] = this.itemList();
            if (context === "range") this.rangeDepth--;
            let elseList: ListNode | null = null;
            if (next.kind === "else") {
                // {{if a}}…{{else if b}}…{{end}} is {{if a}}…{{else}}{{if b}}…{{end}}{{end}}.
                const chained = this.peek().type;
                if ((context === "if" && chained === "if") || (context === "with" && chained === "with")) {
                    this.next();
                    elseList = { kind: "list", pos: next.pos, nodes: [this.branchControl(context)] };
                } else {
                    let end: DelimiterNode;
                    [elseList, end] = this.itemList();
                    if (end.kind !== "end") this.errorf(`expected end; found ${formatNode(end)}`);
                }
            }
            return { kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
        } finally {
            this.vars.length = savedVars;
        }
    }

    /** {{block "name" pipeline}} … {{end}}: defines "name" and executes it in place. */
    private blockControl(): TemplateNode {
        const context = "block clause";
        const token = this.nextNonSpace();
        const name = this.templateName(token, context);
        const pipe = this.pipeline(context, "rightDelim");
        const block = new TreeParser(this.stream, this.templates);
        const [root, end] = block.itemList();
        if (end.kind !== "end") this.errorf(`unexpected ${formatNode(end)} in ${context}`);
        block.add(name, root);
        return { kind: "template", pos: token.pos, line: token.line, name, pipe };
    }

    private templateControl(): TemplateNode {
        const context = "template clause";
        const token = this.nextNonSpace();
        const name = this.templateName(token, context);
        let pipe: PipeNode | null = null;
        if (this.nextNonSpace().type !== "rightDelim") {
            this.backup();
            pipe = this.pipeline(context, "rightDelim");
        }
        return { kind: "template", pos: token.pos, line: token.line, name, pipe };
    }

    private templateName(token: Token, context: string): string {
        if (token.type !== "string" && token.type !== "rawString") this.unexpected(token, context);
        return this.unquote(token.val);
    }

    private unquote(literal: string): string {
        try {
            return unquoteGoString(literal);
        } catch (err) {
            this.errorf((err as Error).message);
        }
    }

    /** declarations? command ('|' command)* */
    private pipeline(context: string, end: TokenType): PipeNode {
        const start = this.peekNonSpace();
        const pipe: PipeNode = { kind: "pipe", pos: start.pos, line: start.line, isAssign: false, decl: [], cmds: [] };
        for (let more = true; more;) {
            more = false;
            const v = this.peekNonSpace();
            if (v.type !== "variable") break;
            this.next();
            // "$x foo" needs three tokens of lookahead to tell an argument from a declaration.
            const tokenAfterVariable = this.peek();
            const next = this.peekNonSpace();
            if (next.type === "assign" || next.type === "declare") {
                pipe.isAssign = next.type === "assign";
                this.nextNonSpace();
                pipe.decl.push(variableNode(v.pos, v.val));
                this.vars.push(v.val);
            } else if (next.type === "char" && next.val === ",") {
                this.nextNonSpace();
                pipe.decl.push(variableNode(v.pos, v.val));
                this.vars.push(v.val);
                if (context === "range" && pipe.decl.length < 2) {
                    const following = this.peekNonSpace().type;
                    if (following === "variable" || following === "rightDelim" || following === "rightParen") {
                        // The second variable of "range $i, $e := …".
                        more = true;
                        continue;
                    }
                    this.errorf("range can only initialize variables");
                }
                this.errorf(`too many declarations in ${context}`);
            } else if (tokenAfterVariable.type === "space") {
                this.backup3(v, tokenAfterVariable);
            } else {
                this.backup2(v);
            }
        }
        for (;;) {
            const token = this.nextNonSpace();
            switch (token.type) {
                case end:
                    this.checkPipeline(pipe, context);
                    return pipe;
                case "bool":
                case "charConstant":
                case "complex":
                case "dot":
                case "field":
                case "identifier":
                case "number":
                case "nil":
                case "rawString":
                case "string":
                case "variable":
                case "leftParen":
                    this.backup();
                    pipe.cmds.push(this.command());
                    break;
                default:
                    this.unexpected(token, context);
            }
        }
    }

    private checkPipeline(pipe: PipeNode, context: string): void {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        // Only the first command of a pipeline can start with a value that is not executable.
        pipe.cmds.slice(1).forEach((command, index) => {
            const kind = command.args[0]?.kind;
            if (kind === "bool" || kind === "dot" || kind === "nil" || kind === "number" || kind === "string") {
                this.errorf(`non executable command in pipeline stage ${index + 2}`);
            }
        });
    }

    /** Space-separated operands up to a pipe or the end of the action. */
    private command(): CommandNode {
        const command: CommandNode = { kind: "command", pos: this.peekNonSpace().pos, args: [] };
        for (;;) {
            this.peekNonSpace();
            const operand = this.operand();
            if (operand) command.args.push(operand);
            const token = this.next();
            if (token.type === "space") continue;
            if (token.type === "rightDelim" || token.type === "rightParen") this.backup();
            else if (token.type !== "pipe") this.unexpected(token, "operand");
            break;
        }
        if (command.args.length === 0) this.errorf("empty command");
        return command;
    }

    /** A term possibly followed by .Field accesses. */
    private operand(): ArgNode | null {
        const node = this.term();
        if (!node) return null;
        if (this.peek().type !== "field") return node;
        const chain: ChainNode = { kind: "chain", pos: this.peek().pos, node, field: [] };
        while (this.peek().type === "field") chain.field.push(this.next().val.slice(1));
        // Fields after a field or variable just extend it; literals cannot have fields.
        switch (node.kind) {
            case "field":
                return { kind: "field", pos: chain.pos, ident: [...node.ident, ...chain.field] };
            case "variable":
                return { kind: "variable", pos: chain.pos, ident: [...node.ident, ...chain.field] };
            case "bool":
            case "string":
            case "number":
            case "nil":
            case "dot":
                this.errorf(`unexpected . after term ${quoteGoString(formatNode(node))}`);
        }
        return chain;
    }

    private term(): ArgNode | null {
        const token = this.nextNonSpace();
        switch (token.type) {
            case "identifier":
                if (!isTemplateFunction(token.val)) this.errorf(`function ${quoteGoString(token.val)} not defined`);
                return { kind: "identifier", pos: token.pos, ident: token.val };
            case "dot":
                return { kind: "dot", pos: token.pos };
            case "nil":
                return { kind: "nil", pos: token.pos };
            case "variable":
                return this.useVar(token.pos, token.val);
            case "field":
                return { kind: "field", pos: token.pos, ident: token.val.slice(1).split(".") };
            case "bool":
                return { kind: "bool", pos: token.pos, value: token.val === "true" };
            case "charConstant":
                try {
                    return { kind: "number", pos: token.pos, text: token.val, value: unquoteGoChar(token.val) };
                } catch {
                    this.errorf(`malformed character constant: ${token.val}`);
                }
            case "complex":
            case "number":
                try {
                    return { kind: "number", pos: token.pos, text: token.val, value: parseGoNumber(token.val) };
                } catch (err) {
                    if (err instanceof NumberSyntaxError) this.errorf(err.message);
                    throw err;
                }
            case "leftParen": {
                if (this.stackDepth >= maxStackDepth) this.errorf("max expression depth exceeded");
                this.stackDepth++;
                try {
                    return this.pipeline("parenthesized pipeline", "rightParen");
                } finally {
                    this.stackDepth--;
                }
            }
            case "string":
            case "rawString":
                return { kind: "string", pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
        }
        this.backup();
        return null;
    }

    private useVar(pos: number, name: string): VariableNode {
        const node = variableNode(pos, name);
        if (!this.vars.includes(node.ident[0]!)) this.errorf(`undefined variable ${quoteGoString(node.ident[0]!)}`);
        return node;
    }
}

function variableNode(pos: number, name: string): VariableNode {
    return { kind: "variable", pos, ident: name.split(".") };
}

/** parse.IsEmptyTree: nothing but white space. */
function isEmptyTree(node: Node): boolean {
    switch (node.kind) {
        case "list":
            return node.nodes.every(isEmptyTree);
        case "text":
            return node.text.trim() === "";
        default:
            return false;
    }
}

/**
 * Parses Go text/template source. Throws TemplateError with Go's message (`template: :LINE: …`)
 * for any syntax error, including calls to functions that do not exist.
 */
export function parseTemplate(source: string): ParsedTemplate {
    const templates = new Map<string, ListNode>();
    const stream = new TokenStream(lexTemplate(source));
    const root = new TreeParser(stream, templates).parse();
    templates.delete(parseName);
    return { source, root, templates };
}
