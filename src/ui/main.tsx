// Entry point of the page: mounts the React tree into #root. Nothing else belongs here.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

const rootElement = document.getElementById('root');
if (rootElement === null) {
  throw new Error('index.html has no #root element to mount Ringlab into');
}

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
