export { SimCluster } from './simCluster';
export type { SimClusterConfig, SimNodeSpec, SimOptions, SettingsChange } from './simConfig';
export { SimClients } from './simClients';
export type { ClientCall } from './simClients';
export { runScenario } from './runScenario';
export type { RunOptions, SimReport, SimRun } from './runScenario';
