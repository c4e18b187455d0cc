import { AegisError } from '../errors.js';

async function main(argv: string[]): Promise<number> {
  const [cmd] = argv;
  switch (cmd) {
    case '--version':
      process.stdout.write('aegis 0.1.0\n');
      return 0;
    default:
      throw new AegisError('INVALID_ARGUMENT', `Unknown command '${cmd ?? ''}'. Try: aegis query "SQL", aegis demo, aegis object …`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const line = e instanceof AegisError ? e.toLine() : `ERROR INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(line + '\n');
    process.exit(1);
  },
);
