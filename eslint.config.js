// Lint as n8n's verification does: eslint-plugin-n8n-nodes-base (community, credentials and nodes
// rule sets) plus @n8n/eslint-plugin-community-nodes' recommended rules, on the shipped sources.
const tsParser = require('@typescript-eslint/parser');
const jsoncParser = require('jsonc-eslint-parser');
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');
const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');

const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;

module.exports = [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test/**', 'bench/**', 'scripts/**', 'eslint.config.js', 'gulpfile.js', 'index.js'] },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The same overrides n8n's community-package scanner applies: this rule wants a docs.n8n.io
			// slug, which only n8n's own credentials have; the community rule checks passwords better.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Scanner overrides: NodeConnectionTypes.Main is required by the community rules, and a
			// maxValue reflects a real WhatsApp limit.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['package.json', 'credentials/**/*.ts', 'nodes/**/*.ts'],
		plugins: communityRecommended.plugins,
		rules: { ...communityRecommended.rules, 'no-console': 'error' },
	},
];
