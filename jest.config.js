// Four suites: pure unit tests, the node's execute() against a local mock provider over real
// HTTP, and end-to-end runs inside a real n8n. `npm test` runs all; `npm run test:unit` the first two.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }];

const project = (displayName, testMatch, extra = {}) => ({
	displayName,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch,
	// The cached n8n install and per-run user folders hold package.json files jest must not index.
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/.e2e-runs/', '<rootDir>/dist/'],
	...extra,
});

module.exports = {
	projects: [
		project('unit', ['<rootDir>/test/unit/**/*.test.ts']),
		project('integration', ['<rootDir>/test/integration/**/*.test.ts']),
		project('e2e', ['<rootDir>/test/e2e/**/*.test.ts']),
		// The real editor in headless Chromium (test/ui/README.md).
		project('ui', ['<rootDir>/test/ui/**/*.test.ts']),
	],
};
