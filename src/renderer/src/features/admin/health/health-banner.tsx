/** Admin banner for channels that stopped working (being built). */
export function ChannelHealthBanner() {
  return null;
}
