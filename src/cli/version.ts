/** The aegis version `aegis --version`, `--help` and the shell's banner print. */
export const VERSION = '0.1.0';
