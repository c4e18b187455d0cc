// Placeholder: the KMS work replaces this with a real moto_server launcher.
export async function startMoto(): Promise<{ endpoint: string; stop: () => Promise<void> } | null> {
  return null;
}
