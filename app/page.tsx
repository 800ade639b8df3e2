// Placeholder home page; will be replaced.
export default function Home() {
  return (
    <main>
      <h1>virtio explainer</h1>
    </main>
  );
}
