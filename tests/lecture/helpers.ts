/** Runs one command file's `register` in-process on a fresh commander program; returns its stdout. */
import { Command } from 'commander';

export async function runCommand(register: (program: Command) => void, args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  try {
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['node', 'mlp', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}
