// ESLint (flat config): typescript-eslint's recommended rules and every rule of
// eslint-plugin-react-hooks as an error, for the UI, its end-to-end tests and build scripts.
// Formatting is Prettier's business (.prettierrc.json), so no stylistic rules here.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const hooksRulesAsErrors = Object.fromEntries(
  Object.keys(reactHooks.configs["recommended-latest"].rules).map((rule) => [rule, "error"]),
);

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/api/schema.d.ts", "playwright-report/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // `const { [key]: _, ...rest } = o` is how a key is left out of a copy.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }] },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: hooksRulesAsErrors,
  },
  {
    files: ["e2e/**/*.ts", "scripts/**/*.mjs", "*.config.{js,ts}", "vite.config.ts"],
    languageOptions: { globals: globals.node },
  },
);
