/** What a test-signing text may be, for the screens (the protocol enforces the same rule). */
export { DEFAULT_TEST_TEXT, MAX_TEST_TEXT_BYTES, testTextProblem } from '../protocol/index';
