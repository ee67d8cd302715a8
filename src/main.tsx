import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>Token by Token</h1>
      <p>How large language models work, computed live by a small transformer in your browser.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
