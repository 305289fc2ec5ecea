import '@xyflow/react/dist/style.css';
import './styles.css';
import './ui/controls.css';
import './ui/tables.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element to mount the editor in.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
