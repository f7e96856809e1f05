import { test } from "node:test";
import assert from "node:assert/strict";
import { modelCapabilities } from "./modelCapabilities.js";

test("completion or embedding from the pooling type", () => {
    assert.deepEqual(modelCapabilities({}), ["completion"]);
    assert.deepEqual(modelCapabilities({ poolingType: 0 }), ["completion"], "pooling none still generates");
    assert.deepEqual(modelCapabilities({ poolingType: 1, template: "{{ .Tools }}" }), ["embedding"]);
});

test("tools, insert and thinking from Go or Jinja templates; vision from a projector", () => {
    assert.deepEqual(modelCapabilities({ template: "{{ if .Tools }}…{{ end }}{{ .Prompt }}" }), ["completion", "tools"]);
    assert.deepEqual(modelCapabilities({ template: "{% if tools %}{{ tools | tojson }}{% endif %}" }), ["completion", "tools"]);
    assert.deepEqual(modelCapabilities({ template: "<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>" }), ["completion", "insert"]);
    assert.deepEqual(modelCapabilities({ template: "{% if enable_thinking %}<think>{% endif %}" }), ["completion", "thinking"]);
    assert.deepEqual(modelCapabilities({ template: "{{ .Prompt }}", hasProjector: true }), ["completion", "vision"]);
    assert.deepEqual(modelCapabilities({ template: "<|im_start|>user" }), ["completion"]);
});
