import assert from "node:assert/strict";
import { test } from "node:test";
import { Diagnostics } from "./Diagnostics.js";

test("an empty tree has nothing to render", () => {
    const diagnostics = new Diagnostics("Processing kettle.toml configuration:");
    diagnostics.addChild(new Diagnostics("Processing environment variables:"));
    assert.equal(diagnostics.hasErrors(), false);
    assert.equal(diagnostics.hasWarnings(), false);
    assert.equal(diagnostics.renderErrors(), "");
    assert.equal(diagnostics.renderWarnings(), "");
});

test("errors render as an indented bullet tree, children only when they have some", () => {
    const root = new Diagnostics("Processing kettle.toml configuration:");
    root.errors.push("server.port: expected an integer between 1 and 65535 but got 0");
    root.errors.push("a.toml:1:2: bad\n1:  x\n    ^");
    root.warnings.push('Unexpected fields found in top-level field: "x"');
    const env = new Diagnostics("Processing environment variables:");
    env.errors.push('OLLAMA_NUM_PARALLEL: expected a positive integer but got "abc"');
    root.addChild(env);
    root.addChild(new Diagnostics("Empty child:"));

    assert.equal(root.hasErrors(), true);
    assert.equal(
        root.renderErrors(),
        [
            "Processing kettle.toml configuration:",
            "  - server.port: expected an integer between 1 and 65535 but got 0",
            "  - a.toml:1:2: bad",
            "    1:  x",
            "        ^",
            "  - Processing environment variables:",
            '      - OLLAMA_NUM_PARALLEL: expected a positive integer but got "abc"'
        ].join("\n")
    );
    assert.equal(root.renderWarnings(), 'Processing kettle.toml configuration:\n  - Unexpected fields found in top-level field: "x"');
});

test("hasErrors looks into children", () => {
    const root = new Diagnostics("root:");
    const child = new Diagnostics("child:");
    root.addChild(child);
    child.errors.push("X: bad");
    assert.equal(root.hasErrors(), true);
    assert.equal(root.hasWarnings(), false);
});
