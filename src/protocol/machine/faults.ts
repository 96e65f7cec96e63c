/** Test-only fault switch: faults exist only in builds that define `__TEST_FAULTS__` as true. */
export function faultsEnabled(): boolean {
  return typeof __TEST_FAULTS__ !== 'undefined' && __TEST_FAULTS__ === true;
}
