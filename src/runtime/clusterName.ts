// Which cluster this tab opens, from the tab's own session and the browser's last choice. Apart
// from clusterConfig.ts so the page's tiny first script (src/ui/main.tsx) can name the cluster
// whose lock it asks for, without the configuration code.

export const defaultClusterName = 'main';
/** This tab's cluster: survives a reload of the tab, and a second tab can pick another. */
export const tabClusterKey = 'ringlab:tabCluster';
export const lastClusterKey = 'ringlab:lastCluster';

/** The cluster this tab should open: its own from before a reload, else the last one used. */
export function chooseClusterName(): string {
  return sessionStorage.getItem(tabClusterKey) ?? localStorage.getItem(lastClusterKey) ?? defaultClusterName;
}
