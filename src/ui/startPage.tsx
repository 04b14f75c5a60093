// The page proper, loaded by main.tsx: mounts the React tree into #root, boots this tab's
// cluster, starts recording its story, and installs the window test and bench hooks. Nothing
// else belongs here.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { boot } from './store/clusterStore';
import { installBenchHook } from './benchHook';
import { requestPersistentStorage } from './store/storagePersistence';
import { startStoryFeed } from './store/storyFeed';
import { installTestHook } from './testHook';

const rootElement = document.getElementById('root');
if (rootElement === null) {
  throw new Error('index.html has no #root element to mount Ringlab into');
}

installTestHook();
installBenchHook();
void boot();
startStoryFeed();
void requestPersistentStorage();

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
