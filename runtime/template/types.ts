/**
 * @module types
 * The parse tree of a Go text/template, mirroring text/template/parse/node.go. `pos` is the index
 * of the node's first character in the source; execution errors turn it into Go's line:column.
 */

export interface ListNode {
    kind: "list";
    pos: number;
    nodes: Node[];
}

export interface TextNode {
    kind: "text";
    pos: number;
    text: string;
}

export interface ActionNode {
    kind: "action";
    pos: number;
    line: number;
    pipe: PipeNode;
}

/** if, range and with share Go's BranchNode shape. */
export interface BranchNode {
    kind: "if" | "range" | "with";
    pos: number;
    line: number;
    pipe: PipeNode;
    list: ListNode;
    elseList: ListNode | null;
}

export interface TemplateNode {
    kind: "template";
    pos: number;
    line: number;
    name: string;
    pipe: PipeNode | null;
}

export interface LoopControlNode {
    kind: "break" | "continue";
    pos: number;
    line: number;
}

/** {{end}} and {{else}}: produced while parsing, never part of a finished tree. */
export interface DelimiterNode {
    kind: "end" | "else";
    pos: number;
    line: number;
}

export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode;

export interface PipeNode {
    kind: "pipe";
    pos: number;
    line: number;
    /** `$x = …` rather than `$x := …`. */
    isAssign: boolean;
    decl: VariableNode[];
    cmds: CommandNode[];
}

export interface CommandNode {
    kind: "command";
    pos: number;
    args: ArgNode[];
}

/** .A.B: `ident` is ["A", "B"]. */
export interface FieldNode {
    kind: "field";
    pos: number;
    ident: string[];
}

/** $x.A: `ident` is ["$x", "A"]. */
export interface VariableNode {
    kind: "variable";
    pos: number;
    ident: string[];
}

/** (pipeline).A.B: fields applied to a term that is neither a field nor a variable. */
export interface ChainNode {
    kind: "chain";
    pos: number;
    node: ArgNode;
    field: string[];
}

/** A function name. */
export interface IdentifierNode {
    kind: "identifier";
    pos: number;
    ident: string;
}

export interface DotNode {
    kind: "dot";
    pos: number;
}

export interface NilNode {
    kind: "nil";
    pos: number;
}

export interface BoolNode {
    kind: "bool";
    pos: number;
    value: boolean;
}

export interface NumberNode {
    kind: "number";
    pos: number;
    /** The literal as written. */
    text: string;
    value: number;
}

export interface StringNode {
    kind: "string";
    pos: number;
    /** The literal as written, quotes included. */
    quoted: string;
    text: string;
}

export type ArgNode =
    PipeNode | FieldNode | VariableNode | ChainNode | IdentifierNode | DotNode | NilNode | BoolNode | NumberNode | StringNode;

export interface ParsedTemplate {
    source: string;
    /** The top-level template, named "" as in Ollama. */
    root: ListNode;
    /** Templates from {{define}} and {{block}}, by name. */
    templates: Map<string, ListNode>;
}
