// `npm run test:e2e`: a real n8n (Node 24 runtime from .cache/n8n-runtime) with the packed package,
// the sandbox and a real browser. Kept apart from `npm test` (whose testMatch is *.test.ts).
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
	},
	// One n8n at a time: the machines have 2 cores and n8n alone needs most of one.
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	verbose: true,
};
