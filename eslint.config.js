// ESLint flat config (issue 12: rules enforced by tools). typescript-eslint's recommended set over the
// TypeScript sources, React hooks rules over the UI, Node globals for the plain .mjs/.js scripts, and
// eslint-config-prettier last so that no stylistic rule fights Prettier (Prettier owns formatting).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    // Build output, reports and vendored/generated files are not ours to lint.
    ignores: [
      'dist/**',
      'dist-*/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
      'bench/results/**',
      'public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (positional callbacks, destructuring to drop a key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    // The rules of hooks, exhaustive effect dependencies and the React Compiler's checks. (It found a memo
    // whose dependencies did not match what it read; FailureScreen.tsx now names them.)
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Ambient declarations of globals (types/protocolRuntime.d.ts): `declare var` is how TypeScript declares a
    // global value (a property of globalThis, as lib.dom.d.ts does); `let`/`const` would not be one.
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    // Plain Node scripts (bin/, scripts/, config files): ES modules with Node's globals.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  prettier,
);
