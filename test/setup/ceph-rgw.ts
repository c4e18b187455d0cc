// Placeholder: the storage work replaces this with a real Ceph RGW launcher.
export async function startCephRgw(): Promise<{ endpoint: string; endpointEu: string; stop: () => Promise<void> } | null> {
  return null;
}
