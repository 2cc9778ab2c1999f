/** Jest runs the TypeScript tests through ts-jest (CommonJS output, like the build). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tests/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  testTimeout: 60000,
};
