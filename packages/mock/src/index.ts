export { type FaultKind, faultKinds } from "./fault-plan.ts";
export { MockStartError } from "./prism-process.ts";
export { prefer, type Scenario } from "./scenarios.ts";
export { defaultSpecFile } from "./spec-file.ts";
export {
  type FaultInjectorOptions,
  type FaultInjectorStats,
  type ForwardedRequest,
  type RunningFaultInjector,
  startFaultInjector,
} from "./start-fault-injector.ts";
export { type MockOptions, type RunningMock, startMock } from "./start-mock.ts";
export { type ProxyOptions, type RunningProxy, startProxy } from "./start-proxy.ts";
export {
  ContractViolationError,
  formatViolations,
  readViolations,
  strictFetch,
  type Violation,
} from "./violations.ts";
