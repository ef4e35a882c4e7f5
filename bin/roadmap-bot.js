#!/usr/bin/env node
// The bundle scripts/build-cli.mjs writes over tsc's build/cli/main.js (`npm run build`).
import '../build/cli/main.js';
