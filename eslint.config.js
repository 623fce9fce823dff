// ESLint for the page-side scripts: the tool's own (cifer_bot/**/*.js, run in the
// portal's frames by Playwright) and the replica's (fixtures/html/*/static). Vendored
// libraries of the drift zoo are linted by their authors, not here.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    ignores: ["node_modules/**", ".venv/**", "**/vendor/**"],
  },
  {
    files: ["cifer_bot/**/*.js", "fixtures/html/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules,
      // The tool's scripts are function expressions handed to frame.evaluate.
      "no-unused-expressions": "off",
      // ES5 pages of the era write `catch (e)` even when they ignore `e`.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // Run by Node.js beside the tool, not in a page.
    files: ["cifer_bot/browser/serve_browser.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: js.configs.recommended.rules,
  },
];
