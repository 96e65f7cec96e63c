/** True only in test builds (vitest, e2e); production builds compile fault switches out. */
declare const __TEST_FAULTS__: boolean;
