#!/usr/bin/env node
// The `kettle` command. The TypeScript sources are compiled to dist/ on install (`prepare`).
import "../dist/cli/kettle.js";
