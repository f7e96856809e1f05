import { test } from "node:test";
import assert from "node:assert/strict";
import { prefixGbnfRules } from "./prefixGbnfRules.js";

test("rules and their references are renamed; literals, classes and comments are not", () => {
    const grammar = ['root ::= "{" ws "\\"root\\"" ":" value [a-z\\]ws]* "}" # root ws', "value ::= [0-9]+ | root", "ws ::= [ ]?"].join(
        "\n"
    );
    assert.equal(
        prefixGbnfRules(grammar, "t0-"),
        [
            't0-root ::= "{" t0-ws "\\"root\\"" ":" t0-value [a-z\\]ws]* "}" # root ws',
            "t0-value ::= [0-9]+ | t0-root",
            "t0-ws ::= [ ]?"
        ].join("\n")
    );
});
