/**
 * @module executeTemplate
 * Runs a parsed template over data the way Go's text/template/exec.go does: the same variable
 * scoping, pipelines (the previous value is the last argument of the next command), range over
 * slices, maps in key order and integers, break/continue, {{template}}, and errors reported as
 * `template: :LINE:COL: executing "NAME" at <NODE>: …`.
 *
 * Data is plain JavaScript: null and undefined are nil, arrays are slices, plain objects are maps
 * whose keys are looked up by field name, and function-valued properties are methods called with
 * the command's arguments. A field of nil is nil, so `.A.B` with no A prints <no value>.
 */
import { formatGoValue } from "./formatGoValue.js";
import { formatNode } from "./formatNode.js";
import { quoteGoString } from "./quoteGoString.js";
import { templateFunctions, type TemplateFunction } from "./templateFunctions.js";
import { TemplateError } from "./TemplateError.js";
import type {
    ArgNode,
    BranchNode,
    ChainNode,
    CommandNode,
    FieldNode,
    IdentifierNode,
    Node,
    ParsedTemplate,
    PipeNode,
    TemplateNode,
    VariableNode
} from "./types.js";
import { goTypeName, isTrue, sortedKeys, valueKind } from "./valueKind.js";

/** Go's missingVal: "no value from the pipeline", as opposed to nil. */
const MISSING: unique symbol = Symbol("missing");
/** The previous command's value in a pipeline (passed as the last argument), or MISSING. */
type Final = unknown;

/** Go's nesting limit for {{template}} calls is 100000; JavaScript's stack is smaller. */
const maxExecDepth = 1000;

/** Thrown to unwind to the enclosing range, as Go panics with walkBreak and walkContinue. */
const breakSignal = Symbol("break");
const continueSignal = Symbol("continue");

interface Variable {
    name: string;
    value: unknown;
}

type ErrorNode = Node | ArgNode | CommandNode;

/** Go's error location: line and byte column of a position. */
function location(source: string, pos: number): { line: number; column: number } {
    const before = source.slice(0, pos);
    const lineStart = before.lastIndexOf("\n") + 1;
    let line = 1;
    for (let index = before.indexOf("\n"); index >= 0; index = before.indexOf("\n", index + 1)) line++;
    return { line, column: Buffer.byteLength(before.slice(lineStart)) };
}

/** Looks a field up on a map or struct: own properties, or class members (not Object's). */
function lookupField(receiver: object, name: string): { found: boolean; value: unknown } {
    if (Object.hasOwn(receiver, name)) return { found: true, value: (receiver as Record<string, unknown>)[name] };
    for (let proto: unknown = Object.getPrototypeOf(receiver); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        if (Object.hasOwn(proto as object, name)) return { found: true, value: (receiver as Record<string, unknown>)[name] };
    }
    return { found: false, value: undefined };
}

class State {
    private readonly out: string[] = [];
    private vars: Variable[];
    private node: ErrorNode | null = null;
    private name = "";
    private depth = 0;

    constructor(
        private readonly template: ParsedTemplate,
        data: unknown
    ) {
        this.vars = [{ name: "$", value: data }];
    }

    run(): string {
        this.walk(this.vars[0]!.value, this.template.root);
        return this.out.join("");
    }

    // Errors.

    private at(node: ErrorNode): void {
        this.node = node;
    }

    private errorf(message: string): never {
        if (!this.node) throw new TemplateError(`template: ${this.name}: ${message}`);
        const { line, column } = location(this.template.source, this.node.pos);
        const context = formatNode(this.node);
        throw new TemplateError(`template: :${line}:${column}: executing ${quoteGoString(this.name)} at <${context}>: ${message}`, line);
    }

    // Variables.

    private mark(): number {
        return this.vars.length;
    }

    private pop(mark: number): void {
        this.vars.length = mark;
    }

    private setVar(name: string, value: unknown): void {
        for (let index = this.vars.length - 1; index >= 0; index--) {
            const variable = this.vars[index]!;
            if (variable.name === name) {
                variable.value = value;
                return;
            }
        }
        this.errorf(`undefined variable: ${name}`);
    }

    private setTopVar(n: number, value: unknown): void {
        this.vars[this.vars.length - n]!.value = value;
    }

    private varValue(name: string): unknown {
        for (let index = this.vars.length - 1; index >= 0; index--) {
            const variable = this.vars[index]!;
            if (variable.name === name) return variable.value;
        }
        this.errorf(`undefined variable: ${name}`);
    }

    // Walking the tree.

    private walk(dot: unknown, node: Node): void {
        this.at(node);
        switch (node.kind) {
            case "action": {
                // Variables declared here persist until the enclosing {{end}}; declarations print nothing.
                const value = this.evalPipeline(dot, node.pipe);
                if (node.pipe.decl.length === 0) this.printValue(node, value);
                return;
            }
            case "break":
                throw breakSignal;
            case "continue":
                throw continueSignal;
            case "if":
            case "with":
                return this.walkIfOrWith(dot, node);
            case "list":
                for (const child of node.nodes) this.walk(dot, child);
                return;
            case "range":
                return this.walkRange(dot, node);
            case "template":
                return this.walkTemplate(dot, node);
            case "text":
                this.out.push(node.text);
                return;
        }
    }

    private walkIfOrWith(dot: unknown, node: BranchNode): void {
        const mark = this.mark();
        try {
            const value = this.evalPipeline(dot, node.pipe);
            if (isTrue(value)) this.walk(node.kind === "with" ? value : dot, node.list);
            else if (node.elseList) this.walk(dot, node.elseList);
        } finally {
            this.pop(mark);
        }
    }

    private walkRange(dot: unknown, node: BranchNode): void {
        this.at(node);
        const outerMark = this.mark();
        try {
            const value = this.evalPipeline(dot, node.pipe);
            // Mark the stack before any variables of the body are pushed.
            const mark = this.mark();
            const { decl, isAssign } = node.pipe;
            const oneIteration = (index: unknown, element: unknown): void => {
                if (decl.length > 0) {
                    if (isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : element);
                    // With one variable it gets the element; with two it is the index.
                    else this.setTopVar(1, element);
                }
                if (decl.length > 1) {
                    if (isAssign) this.setVar(decl[1]!.ident[0]!, element);
                    else this.setTopVar(2, index);
                }
                try {
                    this.walk(element, node.list);
                } catch (signal) {
                    if (signal !== continueSignal) throw signal;
                } finally {
                    this.pop(mark);
                }
            };
            let ran = false;
            switch (valueKind(value)) {
                case "slice":
                    (value as unknown[]).forEach((element, index) => {
                        ran = true;
                        oneIteration(index, element);
                    });
                    break;
                case "map": {
                    const map = value as Record<string, unknown>;
                    for (const key of sortedKeys(map)) {
                        ran = true;
                        oneIteration(key, map[key]);
                    }
                    break;
                }
                case "number": {
                    if (!Number.isInteger(Number(value))) this.errorf(`range can't iterate over ${formatGoValue(value)}`);
                    if (decl.length > 1) this.errorf(`can't use ${formatGoValue(value)} to iterate over more than one variable`);
                    for (let index = 0; index < Number(value); index++) {
                        ran = true;
                        oneIteration(undefined, index);
                    }
                    break;
                }
                case "nil":
                    // A nil slice or map is simply empty.
                    break;
                default:
                    this.errorf(`range can't iterate over ${formatGoValue(value)}`);
            }
            if (!ran && node.elseList) this.walk(dot, node.elseList);
        } catch (signal) {
            if (signal !== breakSignal) throw signal;
        } finally {
            this.pop(outerMark);
        }
    }

    private walkTemplate(dot: unknown, node: TemplateNode): void {
        this.at(node);
        const template = this.template.templates.get(node.name);
        if (!template) this.errorf(`template ${quoteGoString(node.name)} not defined`);
        if (this.depth === maxExecDepth) this.errorf(`exceeded maximum template depth (${maxExecDepth})`);
        // Variables declared by the pipeline persist in the caller.
        const newDot = this.evalPipeline(dot, node.pipe);
        const saved = { vars: this.vars, name: this.name };
        // No dynamic scoping: the called template sees only $.
        this.vars = [{ name: "$", value: newDot }];
        this.name = node.name;
        this.depth++;
        try {
            this.walk(newDot, template);
        } finally {
            this.depth--;
            this.vars = saved.vars;
            this.name = saved.name;
        }
    }

    private printValue(node: Node, value: unknown): void {
        this.at(node);
        if (value === null || value === undefined) {
            this.out.push("<no value>");
            return;
        }
        if (typeof value === "function") this.errorf(`can't print ${formatNode(node)} of type ${goTypeName(value)}`);
        this.out.push(formatGoValue(value));
    }

    // Evaluating pipelines and their parts.

    private evalPipeline(dot: unknown, pipe: PipeNode | null): unknown {
        if (!pipe) return undefined;
        this.at(pipe);
        let value: Final = MISSING;
        for (const command of pipe.cmds) value = this.evalCommand(dot, command, value);
        for (const variable of pipe.decl) {
            if (pipe.isAssign) this.setVar(variable.ident[0]!, value);
            else this.vars.push({ name: variable.ident[0]!, value });
        }
        return value;
    }

    private notAFunction(args: ArgNode[], final: Final): void {
        if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${formatNode(args[0]!)}`);
    }

    private evalCommand(dot: unknown, command: CommandNode, final: Final): unknown {
        const first = command.args[0]!;
        switch (first.kind) {
            case "field":
                return this.evalFieldNode(dot, first, command.args, final);
            case "chain":
                return this.evalChainNode(dot, first, command.args, final);
            case "identifier":
                return this.evalFunction(dot, first, command, command.args, final);
            case "pipe":
                // A parenthesized pipeline: its arguments are inside it.
                this.notAFunction(command.args, final);
                return this.evalPipeline(dot, first);
            case "variable":
                return this.evalVariableNode(dot, first, command.args, final);
        }
        this.at(first);
        this.notAFunction(command.args, final);
        switch (first.kind) {
            case "bool":
                return first.value;
            case "dot":
                return dot;
            case "nil":
                this.errorf("nil is not a command");
            case "number":
                return first.value;
            case "string":
                return first.text;
        }
    }

    private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[] | null, final: Final): unknown {
        this.at(field);
        return this.evalFieldChain(dot, dot, field, field.ident, args, final);
    }

    private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[] | null, final: Final): unknown {
        this.at(chain);
        if (chain.node.kind === "nil") this.errorf(`indirection through explicit nil in ${formatNode(chain)}`);
        const receiver = this.evalArg(dot, chain.node);
        return this.evalFieldChain(dot, receiver, chain, chain.field, args, final);
    }

    private evalVariableNode(dot: unknown, variable: VariableNode, args: ArgNode[] | null, final: Final): unknown {
        this.at(variable);
        const value = this.varValue(variable.ident[0]!);
        if (variable.ident.length === 1) {
            this.notAFunction(args ?? [variable], final);
            return value;
        }
        return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
    }

    private evalFieldChain(
        dot: unknown,
        receiver: unknown,
        node: ErrorNode,
        ident: string[],
        args: ArgNode[] | null,
        final: Final
    ): unknown {
        const last = ident.length - 1;
        for (let index = 0; index < last; index++) receiver = this.evalField(dot, ident[index]!, node, null, MISSING, receiver);
        // Only the last field receives the arguments, if it is a method.
        return this.evalField(dot, ident[last]!, node, args, final, receiver);
    }

    private evalField(dot: unknown, name: string, node: ErrorNode, args: ArgNode[] | null, final: Final, receiver: unknown): unknown {
        if (receiver === null || receiver === undefined) return undefined;
        const kind = valueKind(receiver);
        if (kind !== "map" && kind !== "struct") this.errorf(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
        const { found, value } = lookupField(receiver as object, name);
        if (found && typeof value === "function") {
            const method = (argv: unknown[]): unknown => (value as (...argv: unknown[]) => unknown).apply(receiver, argv);
            return this.evalCall(dot, method, null, node, name, args, final);
        }
        if ((args !== null && args.length > 1) || final !== MISSING) this.errorf(`${name} is not a method but has arguments`);
        return value;
    }

    private evalFunction(dot: unknown, node: IdentifierNode, command: ErrorNode, args: ArgNode[] | null, final: Final): unknown {
        this.at(node);
        const builtin = templateFunctions.get(node.ident);
        if (!builtin) this.errorf(`${quoteGoString(node.ident)} is not a defined function`);
        return this.evalCall(dot, builtin.call, builtin, command, node.ident, args, final);
    }

    /**
     * Calls a built-in (`builtin` set) or a data method. `args`, when present, starts with the
     * function's own node, as in Go; `final` is the previous pipeline value, passed last.
     */
    private evalCall(
        dot: unknown,
        invoke: (argv: unknown[]) => unknown,
        builtin: TemplateFunction | null,
        node: ErrorNode,
        name: string,
        args: ArgNode[] | null,
        final: Final
    ): unknown {
        const argNodes = args ? args.slice(1) : [];
        const count = argNodes.length + (final === MISSING ? 0 : 1);
        if (builtin) {
            if (builtin.variadic) {
                if (count < builtin.fixed)
                    this.errorf(`wrong number of args for ${name}: want at least ${builtin.fixed} got ${argNodes.length}`);
            } else if (count !== builtin.fixed) {
                this.errorf(`wrong number of args for ${name}: want ${builtin.fixed} got ${count}`);
            }
            if (name === "and" || name === "or") {
                // Short-circuit: return the first argument that decides, else the last one.
                let value: unknown;
                for (const arg of argNodes) {
                    value = this.evalArg(dot, arg);
                    if (isTrue(value) === (name === "or")) return value;
                }
                return final === MISSING ? value : final;
            }
        }
        const argv: unknown[] = [];
        argNodes.forEach((arg, index) => {
            const stringParam = builtin?.stringParams === "all" || (builtin?.stringParams === "first" && index === 0);
            argv.push(stringParam ? this.evalStringArg(dot, arg) : this.evalArg(dot, arg));
        });
        if (final !== MISSING) {
            const stringParam = builtin?.stringParams === "all" || (builtin?.stringParams === "first" && argv.length === 0);
            if (stringParam) this.checkString(final);
            argv.push(final);
        }
        try {
            return invoke(argv);
        } catch (err) {
            if (err instanceof TemplateError) throw err;
            this.at(node);
            this.errorf(`error calling ${name}: ${err instanceof Error ? err.message : String(err)}`);
        }
    }

    private evalArg(dot: unknown, node: ArgNode): unknown {
        this.at(node);
        switch (node.kind) {
            case "dot":
                return dot;
            case "nil":
                return null;
            case "field":
                return this.evalFieldNode(dot, node, [node], MISSING);
            case "variable":
                return this.evalVariableNode(dot, node, null, MISSING);
            case "pipe":
                return this.evalPipeline(dot, node);
            case "identifier":
                return this.evalFunction(dot, node, node, null, MISSING);
            case "chain":
                return this.evalChainNode(dot, node, null, MISSING);
            case "bool":
                return node.value;
            case "number":
                return node.value;
            case "string":
                return node.text;
        }
    }

    /** An argument for a string parameter, checked like Go's evalArg/validateType. */
    private evalStringArg(dot: unknown, node: ArgNode): unknown {
        this.at(node);
        if (node.kind === "string") return node.text;
        if (node.kind === "nil") this.errorf("cannot assign nil to string");
        if (node.kind === "bool" || node.kind === "number") this.errorf(`expected string; found ${formatNode(node)}`);
        const value = this.evalArg(dot, node);
        this.checkString(value);
        return value;
    }

    private checkString(value: unknown): void {
        if (value === null || value === undefined) this.errorf("invalid value; expected string");
        if (typeof value !== "string") this.errorf(`wrong type for value; expected string; got ${goTypeName(value)}`);
    }
}

/** Executes a parsed template over `data`; throws TemplateError as Go's Execute would fail. */
export function executeTemplate(template: ParsedTemplate, data: unknown): string {
    return new State(template, data).run();
}
