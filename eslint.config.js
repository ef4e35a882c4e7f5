// The layers (docs/architecture.md): arrows only point down. core imports
// nothing of the product; github and local (adapters) import only core;
// flows import core and the adapters; app wires flows to Probot; cli,
// action, demo and bench sit on top. The simulator is GitHub's side of the
// wire: it imports nothing of the product, so it cannot agree with it by accident.
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const PRODUCT = ['core', 'github', 'local', 'flows', 'app', 'cli', 'action', 'demo', 'bench', 'simulator'];

/** A `no-restricted-imports` rule forbidding these folders of src/. */
function mayNotImport(folders, why) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: folders.flatMap((folder) => [`**/${folder}/*`, `**/${folder}/**`]), message: why }] },
    ],
  };
}

function except(...allowed) {
  return PRODUCT.filter((folder) => !allowed.includes(folder));
}

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'node_modules/', 'demo-output/', 'coverage/', 'tests/fixtures/'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  { files: ['src/core/**/*.ts'], rules: mayNotImport(except('core'), 'src/core is pure: it imports nothing outside src/core.') },
  {
    files: ['src/github/**/*.ts', 'src/local/**/*.ts'],
    rules: mayNotImport(except('core', 'github', 'local'), 'Adapters (src/github, src/local) import only src/core.'),
  },
  { files: ['src/flows/**/*.ts'], rules: mayNotImport(except('core', 'github', 'flows'), 'Flows import only src/core and src/github.') },
  {
    files: ['src/app/**/*.ts'],
    rules: mayNotImport(except('core', 'github', 'flows', 'app'), 'The app wires flows: it imports flows, github and core.'),
  },
  {
    files: ['src/cli/**/*.ts', 'src/action/**/*.ts'],
    rules: mayNotImport(['simulator', 'bench'], 'The CLI reaches the simulator only through src/demo.'),
  },
  { files: ['src/demo/**/*.ts'], rules: mayNotImport(['bench'], 'The shipped demo does not depend on the bench.') },
  {
    files: ['src/simulator/**/*.ts'],
    rules: mayNotImport(except('simulator'), 'The simulator is GitHub: it imports nothing of the product.'),
  },
);
